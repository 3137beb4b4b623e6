/**
 * The station's side of sync, run as {@code device-service.jar sync-pull}: {@code HallClient} reads a hall's
 * feed, {@code SyncPull} verifies the chain event by event, and {@code StationDb} keeps the PostgreSQL copy:
 * the raw log and the per-hall cursor, with queryable tables built from the events ({@code Projection} for
 * ratings, alarms, appointments and devices, {@code TicketFold} for tickets). Owns every {@code qms_*} table;
 * its schema is {@code db/station/V*.sql}. Shares nothing with the hall but the event contract and the feed.
 * <p>The station console's data side: {@code StationSide} runs one {@code HallLoop} per hall (the same verified
 * {@code HallPuller} as sync-pull, on its own thread, with its sync health), {@code CaseFold} builds
 * {@code qms_cases} from case events, and {@code PgStationView} answers the console's {@code StationView}
 * (queries in it, {@code DayFigures} and {@code StationReports}; case actions forwarded by {@code CaseForward}).
 */
package org.hallqms.station;
