package org.hallqms.station;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hallqms.event.AlarmEvent;
import org.hallqms.event.AppointmentEvent;
import org.hallqms.event.DeviceEvent;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.hallqms.event.RatingEvent;
import org.hallqms.event.TicketEvent;
import org.hallqms.event.Wire;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the station's queryable tables from one verified page of a hall's log, in the page's transaction:
 * ratings, device changes, alarms and appointments row by row, tickets through {@link TicketFold}. Events are
 * read through the hall's own codec ({@link HallEvents}); types no table is built from are never decoded.
 */
final class Projection {
    private static final Logger log = LoggerFactory.getLogger(Projection.class);
    /** The event types a station table is built from. */
    private static final Set<String> PROJECTED = Set.of(TicketEvent.Issued.TYPE, TicketEvent.Called.TYPE,
            TicketEvent.Recalled.TYPE, TicketEvent.Started.TYPE, TicketEvent.Finished.TYPE, TicketEvent.NoShow.TYPE,
            TicketEvent.Transferred.TYPE, TicketEvent.Expired.TYPE, RatingEvent.Recorded.TYPE,
            RatingEvent.NotRated.TYPE, DeviceEvent.StateChanged.TYPE, AlarmEvent.Raised.TYPE, AlarmEvent.Cleared.TYPE,
            AppointmentEvent.Booked.TYPE, AppointmentEvent.Cancelled.TYPE, AppointmentEvent.Missed.TYPE);

    private Projection() {
    }

    static void project(Connection c, String hall, List<Event> events) throws SQLException {
        List<HallEvent> typed = new ArrayList<>(events.size());
        for (Event e : events) {
            typed.add(decode(e));
        }
        TicketFold tickets = TicketFold.load(c, hall, events, typed);
        try (PreparedStatement ratings = c.prepareStatement("INSERT INTO qms_ratings(hall, seq, day, at, session, ticket, "
                + "number, service, counter, officer, device, result, level, reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb) "
                + "ON CONFLICT (hall, seq) DO NOTHING");
             PreparedStatement devices = c.prepareStatement("INSERT INTO qms_device_changes(hall, seq, at, device, state, "
                     + "kind, fw) VALUES (?,?,?,?,?,?,?) ON CONFLICT (hall, seq) DO NOTHING");
             PreparedStatement raised = c.prepareStatement("INSERT INTO qms_alarms(hall, alarm, day, kind, ticket, number, "
                     + "service, counter, officer, reason, limit_minutes, raised_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                     + "ON CONFLICT (hall, alarm) DO NOTHING");
             PreparedStatement cleared = c.prepareStatement("UPDATE qms_alarms SET cleared_at = ?, cleared_by = ? "
                     + "WHERE hall = ? AND alarm = ?");
             PreparedStatement booked = c.prepareStatement("INSERT INTO qms_appointments(hall, code, day, service, "
                     + "slot_from, slot_to, state, last_seq) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (hall, code) DO UPDATE "
                     + "SET day = excluded.day, service = excluded.service, slot_from = excluded.slot_from, "
                     + "slot_to = excluded.slot_to, state = excluded.state, last_seq = excluded.last_seq "
                     + "WHERE qms_appointments.last_seq < excluded.last_seq");
             PreparedStatement checkedIn = c.prepareStatement("UPDATE qms_appointments SET state = 'checked_in', "
                     + "arrival = ?, ticket = ?, last_seq = ? WHERE hall = ? AND code = ? AND last_seq < ?")) {
            // A booking's latest change in the page only: one batched upsert may not touch a row twice (a booking
            // and its cancellation in one page made PostgreSQL refuse the whole page).
            Map<String, Object[]> bookings = new LinkedHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                HallEvent ev = typed.get(i);
                if (ev == null && !e.type().startsWith("ticket.")) {
                    continue;
                }
                // tickets keep the hall's text (TicketFold); the few other rows bind a parsed time
                OffsetDateTime at = ev instanceof TicketEvent ? null : OffsetDateTime.parse(e.at());
                if (ev instanceof RatingEvent r && (ev instanceof RatingEvent.Recorded || ev instanceof RatingEvent.NotRated)) {
                    ratings.setString(1, hall);
                    ratings.setLong(2, e.seq());
                    ratings.setObject(3, LocalDate.parse(e.day()));
                    ratings.setObject(4, at);
                    ratings.setString(5, orEmpty(r.session()));
                    ratings.setString(6, orEmpty(r.ticket()));
                    ratings.setString(7, r.number());
                    ratings.setString(8, orEmpty(r.service()));
                    ratings.setString(9, orEmpty(r.counter()));
                    ratings.setString(10, r.officer());
                    ratings.setString(11, orEmpty(r.device()));
                    if (r instanceof RatingEvent.Recorded rated) {
                        ratings.setString(12, "rated");
                        ratings.setInt(13, rated.level());
                        ratings.setString(14, Json.write(rated.reasons()));
                    } else {
                        ratings.setString(12, "not_rated");
                        ratings.setNull(13, Types.SMALLINT);
                        ratings.setNull(14, Types.VARCHAR);
                    }
                    ratings.addBatch();
                } else if (ev instanceof DeviceEvent.StateChanged d) {
                    bind(devices, hall, e.seq(), at, orEmpty(d.device()), orEmpty(wire(d.state())), d.kind(), d.fw());
                    devices.addBatch();
                } else if (ev instanceof AlarmEvent.Raised a) {
                    bind(raised, hall, a.alarm(), LocalDate.parse(e.day()), orEmpty(wire(a.kind())), a.ticket(),
                            a.number(), a.service(), a.counter(), a.officer(), a.reason(), a.limitMinutes(), at);
                    raised.addBatch();
                } else if (ev instanceof AlarmEvent.Cleared a) {
                    bind(cleared, at, a.by(), hall, a.alarm());
                    cleared.addBatch();
                } else if (ev instanceof AppointmentEvent a) {
                    bookings.put(a.code(), new Object[] {hall, orEmpty(a.code()), a.day(), orEmpty(a.service()), a.from(),
                            a.to(), e.type().substring("appointment.".length()), e.seq()});
                } else if (e.type().startsWith("ticket.")) {
                    tickets.fold(e, (TicketEvent) ev);
                    if (ev instanceof TicketEvent.Issued t && t.appointment() != null) {
                        bind(checkedIn, wire(t.arrival()), orEmpty(t.ticket()), e.seq(), hall, t.appointment(),
                                e.seq());
                        checkedIn.addBatch();
                    }
                }
            }
            for (Object[] b : bookings.values()) {
                bind(booked, b);
                booked.addBatch();
            }
            ratings.executeBatch();
            devices.executeBatch();
            // in log order: a page can hold an alarm's raising and its clearing, a booking and its check-in
            raised.executeBatch();
            cleared.executeBatch();
            booked.executeBatch();
            checkedIn.executeBatch();
        }
        tickets.write(c, hall);
        CaseFold.fold(c, hall, events);
    }

    /**
     * The typed event for a type a table is built from, else null. An event this puller cannot read (a type or
     * value from a newer hall) is kept in the raw log and builds no row, as an unknown type always did.
     */
    private static HallEvent decode(Event e) {
        if (!PROJECTED.contains(e.type())) {
            return null;
        }
        try {
            return HallEvents.decode(e.type(), e.data());
        } catch (IllegalArgumentException ex) {
            log.warn("sync-pull: event {} ({}) is kept but builds no table row: {}", e.seq(), e.type(), ex.getMessage());
            return null;
        }
    }

    /**
     * The ticket an event is about: the record's, or for a ticket event type this puller does not know, the
     * {@code ticket} field of its data (such an event still moves the ticket's last_seq, as it always did).
     */
    static String ticketOf(Event e, HallEvent ev) {
        if (ev instanceof TicketEvent t) {
            return orEmpty(t.ticket());
        }
        return HallEvents.ticketOf(e.data());
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    static String wire(Wire w) {
        return w == null ? null : w.wire();
    }

    /** Absent text as the empty string, as the NOT NULL columns always got it. */
    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
