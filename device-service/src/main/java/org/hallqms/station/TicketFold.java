package org.hallqms.station;

import static org.hallqms.station.Projection.orEmpty;
import static org.hallqms.station.Projection.wire;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hallqms.event.HallEvent;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;
import org.hallqms.store.Json;

/**
 * {@code qms_tickets}: each ticket as of the latest pulled event. A page's ticket events are folded in memory,
 * starting from the stored rows of tickets issued on an earlier page, and each ticket is written once.
 */
final class TicketFold {
    private final Map<String, Row> tickets = new LinkedHashMap<>();

    private TicketFold() {
    }

    /** A fold for this page, holding the stored rows of the tickets it touches that an earlier page issued. */
    static TicketFold load(Connection c, String hall, List<Event> events, List<HallEvent> typed) throws SQLException {
        Set<String> issuedHere = new HashSet<>();
        Set<String> earlier = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (!e.type().startsWith("ticket.")) {
                continue;
            }
            String ticket = Projection.ticketOf(e, typed.get(i));
            if (typed.get(i) instanceof TicketEvent.Issued) {
                issuedHere.add(ticket);
            } else if (!issuedHere.contains(ticket)) {
                earlier.add(ticket);
            }
        }
        TicketFold fold = new TicketFold();
        fold.loadStored(c, hall, earlier);
        return fold;
    }

    /**
     * Moves the ticket on by one event of its log. {@code ev} is null for a ticket event this puller cannot read
     * (a type added later): the raw event is kept, and the row only notes its seq. Times and days stay the hall's
     * ISO-8601 text, which PostgreSQL reads: parsing them here was a tenth of the puller's time.
     */
    void fold(Event e, TicketEvent ev) {
        String at = e.at();
        if (ev instanceof TicketEvent.Issued is) {
            Row t = new Row();
            t.id = orEmpty(is.ticket());
            t.day = e.day();
            t.number = orEmpty(is.number());
            t.originService = orEmpty(is.service());
            t.service = t.originService;
            t.channel = wire(is.channel());
            t.priority = wire(is.priority());
            t.appointment = is.appointment();
            t.state = "waiting";
            t.issuedAt = at;
            t.lastSeq = e.seq();
            tickets.put(t.id, t);
            return;
        }
        Row t = tickets.get(Projection.ticketOf(e, ev));
        if (t == null) {
            // A ticket issued before the first pulled event (a log that starts mid-day cannot happen today,
            // but a station table cleared by hand can): keep the event, skip the projection.
            return;
        }
        t.lastSeq = e.seq();
        if (ev instanceof TicketEvent.Called called) {
            t.state = "called";
            t.counter = called.counter();
            t.officer = called.officer();
            t.recalls = 0;
            if (t.calledAt == null) {
                t.calledAt = at;
            }
        } else if (ev instanceof TicketEvent.Recalled recalled) {
            t.recalls = recalled.recall();
        } else if (ev instanceof TicketEvent.Started) {
            t.state = "serving";
            t.startedAt = at;
        } else if (ev instanceof TicketEvent.Finished f) {
            t.state = f.outcome() == null ? "done" : f.outcome().wire();
            t.outcome = t.state;
            t.finishedAt = at;
            t.serviceSeconds = (int) f.serviceSeconds();
            t.missing = f.missing().isEmpty() ? null : Json.write(f.missing());
            t.incompleteReason = f.reason();
        } else if (ev instanceof TicketEvent.NoShow) {
            t.state = "no_show";
            t.finishedAt = at;
        } else if (ev instanceof TicketEvent.Transferred tr) {
            t.state = "waiting";
            t.service = tr.toService() == null ? t.service : tr.toService();
            t.counter = null;
            t.officer = null;
            t.startedAt = null;
            t.recalls = 0;
        } else if (ev instanceof TicketEvent.Expired) {
            t.state = "expired";
        }
    }

    private void loadStored(Connection c, String hall, Set<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, day, number, origin_service, service, channel, "
                + "priority, state, counter, officer, recalls, issued_at, called_at, started_at, finished_at, outcome, "
                + "missing::text AS missing, service_seconds, last_seq, incomplete_reason, appointment FROM qms_tickets "
                + "WHERE hall = ? AND id = ANY(?)")) {
            Array arr = c.createArrayOf("text", ids.toArray());
            ps.setString(1, hall);
            ps.setArray(2, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row t = new Row();
                    t.id = rs.getString("id");
                    t.day = rs.getString("day");
                    t.number = rs.getString("number");
                    t.originService = rs.getString("origin_service");
                    t.service = rs.getString("service");
                    t.channel = rs.getString("channel");
                    t.priority = rs.getString("priority");
                    t.state = rs.getString("state");
                    t.counter = rs.getString("counter");
                    t.officer = rs.getString("officer");
                    t.recalls = rs.getInt("recalls");
                    t.issuedAt = rs.getString("issued_at");
                    t.calledAt = rs.getString("called_at");
                    t.startedAt = rs.getString("started_at");
                    t.finishedAt = rs.getString("finished_at");
                    t.outcome = rs.getString("outcome");
                    t.missing = rs.getString("missing");
                    t.serviceSeconds = (Integer) rs.getObject("service_seconds");
                    t.lastSeq = rs.getLong("last_seq");
                    t.incompleteReason = rs.getString("incomplete_reason");
                    t.appointment = rs.getString("appointment");
                    tickets.put(t.id, t);
                }
            }
        }
    }

    /**
     * Writes each folded ticket once; a stored row already past this page's seq is left as it is. The rows go by
     * COPY into a per-session scratch table, then into qms_tickets with one set-based upsert.
     */
    void write(Connection c, String hall) throws SQLException {
        if (tickets.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS qms_tickets_page (LIKE qms_tickets) ON COMMIT DELETE ROWS");
        }
        try (CopyRows rows = new CopyRows(c, "COPY qms_tickets_page(" + COLUMNS + ") FROM STDIN")) {
            for (Row t : tickets.values()) {
                rows.text(hall).text(t.id).text(t.day).text(t.number).text(t.originService).text(t.service)
                        .text(t.channel).text(t.priority).text(t.state).text(t.counter).text(t.officer).num(t.recalls)
                        .text(t.issuedAt).text(t.calledAt).text(t.startedAt).text(t.finishedAt).text(t.outcome)
                        .text(t.missing).value(t.serviceSeconds).num(t.lastSeq).text(t.incompleteReason)
                        .text(t.appointment).end();
            }
            rows.finish();
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO qms_tickets(" + COLUMNS + ") SELECT " + COLUMNS + " FROM qms_tickets_page "
                    + "ON CONFLICT (hall, id) DO UPDATE SET "
                    + "service = excluded.service, state = excluded.state, counter = excluded.counter, "
                    + "officer = excluded.officer, recalls = excluded.recalls, called_at = excluded.called_at, "
                    + "started_at = excluded.started_at, finished_at = excluded.finished_at, outcome = excluded.outcome, "
                    + "missing = excluded.missing, service_seconds = excluded.service_seconds, last_seq = excluded.last_seq, "
                    + "incomplete_reason = excluded.incomplete_reason WHERE qms_tickets.last_seq < excluded.last_seq");
        }
    }

    private static final String COLUMNS = "hall, id, day, number, origin_service, service, channel, priority, state, "
            + "counter, officer, recalls, issued_at, called_at, started_at, finished_at, outcome, missing, "
            + "service_seconds, last_seq, incomplete_reason, appointment";

    /** A ticket as the station knows it; mutable only while one page is folded. */
    private static final class Row {
        String id;
        String day;
        String number;
        String originService;
        String service;
        String channel;
        String priority;
        String state;
        String counter;
        String officer;
        int recalls;
        String issuedAt;
        String calledAt;
        String startedAt;
        String finishedAt;
        String outcome;
        String missing;
        String incompleteReason;
        String appointment;
        Integer serviceSeconds;
        long lastSeq;
    }
}
