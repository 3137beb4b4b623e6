package org.hallqms.station;

import static org.hallqms.station.Projection.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static TicketFold load(Connection c, String hall, List<Event> events, List<JsonNode> datas) throws SQLException {
        Set<String> issuedHere = new HashSet<>();
        Set<String> earlier = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String ticket = datas.get(i).path("ticket").asText();
            if (e.type().equals("ticket.issued")) {
                issuedHere.add(ticket);
            } else if (e.type().startsWith("ticket.") && !issuedHere.contains(ticket)) {
                earlier.add(ticket);
            }
        }
        TicketFold fold = new TicketFold();
        fold.loadStored(c, hall, earlier);
        return fold;
    }

    void fold(Event e, JsonNode d, OffsetDateTime at) {
        String id = d.path("ticket").asText();
        if (e.type().equals("ticket.issued")) {
            Row t = new Row();
            t.id = id;
            t.day = LocalDate.parse(e.day());
            t.number = d.path("number").asText();
            t.originService = d.path("service").asText();
            t.service = t.originService;
            t.channel = text(d, "channel");
            t.priority = text(d, "priority");
            t.appointment = text(d, "appointment");
            t.state = "waiting";
            t.issuedAt = at;
            t.lastSeq = e.seq();
            tickets.put(id, t);
            return;
        }
        Row t = tickets.get(id);
        if (t == null) {
            // A ticket issued before the first pulled event (a log that starts mid-day cannot happen today,
            // but a station table cleared by hand can): keep the event, skip the projection.
            return;
        }
        t.lastSeq = e.seq();
        switch (e.type()) {
            case "ticket.called" -> {
                t.state = "called";
                t.counter = text(d, "counter");
                t.officer = text(d, "officer");
                t.recalls = 0;
                if (t.calledAt == null) {
                    t.calledAt = at;
                }
            }
            case "ticket.recalled" -> t.recalls = d.path("recall").asInt(t.recalls + 1);
            case "ticket.started" -> {
                t.state = "serving";
                t.startedAt = at;
            }
            case "ticket.finished" -> {
                t.state = d.path("outcome").asText("done");
                t.outcome = t.state;
                t.finishedAt = at;
                t.serviceSeconds = d.path("serviceSeconds").isNumber() ? d.path("serviceSeconds").asInt() : null;
                t.missing = d.has("missing") ? Json.write(d.get("missing")) : null;
                t.incompleteReason = text(d, "reason");
            }
            case "ticket.no_show" -> {
                t.state = "no_show";
                t.finishedAt = at;
            }
            case "ticket.transferred" -> {
                t.state = "waiting";
                t.service = d.path("toService").asText(t.service);
                t.counter = null;
                t.officer = null;
                t.startedAt = null;
                t.recalls = 0;
            }
            case "ticket.expired" -> t.state = "expired";
            default -> {
                // a ticket event type added later: the raw event is kept; the row stays as it was
            }
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
                    t.day = rs.getObject("day", LocalDate.class);
                    t.number = rs.getString("number");
                    t.originService = rs.getString("origin_service");
                    t.service = rs.getString("service");
                    t.channel = rs.getString("channel");
                    t.priority = rs.getString("priority");
                    t.state = rs.getString("state");
                    t.counter = rs.getString("counter");
                    t.officer = rs.getString("officer");
                    t.recalls = rs.getInt("recalls");
                    t.issuedAt = rs.getObject("issued_at", OffsetDateTime.class);
                    t.calledAt = rs.getObject("called_at", OffsetDateTime.class);
                    t.startedAt = rs.getObject("started_at", OffsetDateTime.class);
                    t.finishedAt = rs.getObject("finished_at", OffsetDateTime.class);
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

    /** Writes each folded ticket once; a stored row already past this page's seq is left as it is. */
    void write(Connection c, String hall) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_tickets(hall, id, day, number, origin_service, "
                + "service, channel, priority, state, counter, officer, recalls, issued_at, called_at, started_at, "
                + "finished_at, outcome, missing, service_seconds, last_seq, incomplete_reason, appointment) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?) ON CONFLICT (hall, id) DO UPDATE SET "
                + "service = excluded.service, state = excluded.state, counter = excluded.counter, "
                + "officer = excluded.officer, recalls = excluded.recalls, called_at = excluded.called_at, "
                + "started_at = excluded.started_at, finished_at = excluded.finished_at, outcome = excluded.outcome, "
                + "missing = excluded.missing, service_seconds = excluded.service_seconds, last_seq = excluded.last_seq, "
                + "incomplete_reason = excluded.incomplete_reason WHERE qms_tickets.last_seq < excluded.last_seq")) {
            for (Row t : tickets.values()) {
                int i = 1;
                ps.setString(i++, hall);
                ps.setString(i++, t.id);
                ps.setObject(i++, t.day);
                ps.setString(i++, t.number);
                ps.setString(i++, t.originService);
                ps.setString(i++, t.service);
                ps.setString(i++, t.channel);
                ps.setString(i++, t.priority);
                ps.setString(i++, t.state);
                ps.setString(i++, t.counter);
                ps.setString(i++, t.officer);
                ps.setInt(i++, t.recalls);
                ps.setObject(i++, t.issuedAt);
                ps.setObject(i++, t.calledAt);
                ps.setObject(i++, t.startedAt);
                ps.setObject(i++, t.finishedAt);
                ps.setString(i++, t.outcome);
                ps.setString(i++, t.missing);
                if (t.serviceSeconds == null) {
                    ps.setNull(i++, Types.INTEGER);
                } else {
                    ps.setInt(i++, t.serviceSeconds);
                }
                ps.setLong(i++, t.lastSeq);
                ps.setString(i++, t.incompleteReason);
                ps.setString(i, t.appointment);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A ticket as the station knows it; mutable only while one page is folded. */
    private static final class Row {
        String id;
        LocalDate day;
        String number;
        String originService;
        String service;
        String channel;
        String priority;
        String state;
        String counter;
        String officer;
        int recalls;
        OffsetDateTime issuedAt;
        OffsetDateTime calledAt;
        OffsetDateTime startedAt;
        OffsetDateTime finishedAt;
        String outcome;
        String missing;
        String incompleteReason;
        String appointment;
        Integer serviceSeconds;
        long lastSeq;
    }
}
