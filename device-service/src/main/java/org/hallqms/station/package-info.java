/**
 * The station's side of sync, run as {@code device-service.jar sync-pull}: {@code HallClient} reads a hall's
 * feed, {@code SyncPull} verifies the chain event by event, and {@code StationDb} keeps the PostgreSQL copy:
 * the raw log and the per-hall cursor, with queryable tables built from the events ({@code Projection} for
 * ratings, alarms, appointments and devices, {@code TicketFold} for tickets). Owns every {@code qms_*} table;
 * its schema is {@code db/station/V*.sql}. Shares nothing with the hall but the event contract and the feed.
 */
package org.hallqms.station;
