package org.hallqms.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.hallqms.store.Json;
import org.hallqms.store.Sql;

/**
 * The station's PostgreSQL: raw events and the tables built from them. Each page is one transaction that
 * also moves the hall's cursor, so a puller killed at any point resumes exactly where the database says.
 */
final class StationDb implements AutoCloseable {
    private final String url;
    private Connection c;

    StationDb(String url) {
        this.url = url;
    }

    void open() throws SQLException {
        close();
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "qms sync-pull");
        c = DriverManager.getConnection(url, p);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // Two pullers starting at once must not race on CREATE TABLE IF NOT EXISTS.
            s.execute("SELECT pg_advisory_xact_lock(7240001)");
            for (String stmt : schema()) {
                s.execute(stmt);
            }
        }
        c.commit();
    }

    boolean isOpen() {
        try {
            return c != null && c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static List<String> schema() {
        try (InputStream in = StationDb.class.getResourceAsStream("/db/station-postgres.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            List<String> out = new ArrayList<>();
            for (String s : sql.split(";")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the hall's pull stands; registers the hall on first sight. */
    Cursor cursor(String hall, String hallUrl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_halls(hall, url, seq, hash) VALUES (?,?,0,?) "
                + "ON CONFLICT (hall) DO UPDATE SET url = excluded.url")) {
            ps.setString(1, hall);
            ps.setString(2, hallUrl);
            ps.setString(3, Event.GENESIS);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash, broken_seq, broken_reason FROM qms_halls "
                + "WHERE hall = ?")) {
            ps.setString(1, hall);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Cursor cur = new Cursor(new EventHead(rs.getLong(1), rs.getString(2)),
                        rs.getObject(3) == null ? 0 : rs.getLong(3), rs.getString(4));
                c.commit();
                return cur;
            }
        }
    }

    record Cursor(EventHead head, long brokenSeq, String brokenReason) {
    }

    /**
     * Stores verified events that follow {@code from} and moves the cursor to the last of them, in one
     * transaction. Returns false (and writes nothing) when another puller moved the cursor meanwhile.
     */
    boolean append(String hall, EventHead from, List<Event> events) throws SQLException {
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM qms_halls WHERE hall = ? FOR UPDATE")) {
                ps.setString(1, hall);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != from.seq()) {
                        c.rollback();
                        return false;
                    }
                }
            }
            if (!events.isEmpty()) {
                insertEvents(hall, events);
                project(hall, events);
                Event last = events.get(events.size() - 1);
                try (PreparedStatement ps = c.prepareStatement("UPDATE qms_halls SET seq = ?, hash = ?, pulled_at = now(), "
                        + "broken_seq = NULL, broken_reason = NULL WHERE hall = ?")) {
                    ps.setLong(1, last.seq());
                    ps.setString(2, last.hash());
                    ps.setString(3, hall);
                    ps.executeUpdate();
                }
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    void markBroken(String hall, long seq, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE qms_halls SET broken_seq = ?, broken_reason = ? WHERE hall = ?")) {
            ps.setLong(1, seq);
            ps.setString(2, reason);
            ps.setString(3, hall);
            ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private void insertEvents(String hall, List<Event> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_events(hall, seq, id, type, at, day, data, "
                + "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (hall, seq) DO NOTHING")) {
            for (Event e : events) {
                ps.setString(1, hall);
                ps.setLong(2, e.seq());
                ps.setString(3, e.id());
                ps.setString(4, e.type());
                ps.setString(5, e.at());
                ps.setObject(6, LocalDate.parse(e.day()));
                ps.setString(7, e.data());
                ps.setString(8, e.prevHash());
                ps.setString(9, e.hash());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Builds the queryable tables: tickets are folded in memory over the page, then written once each. */
    private void project(String hall, List<Event> events) throws SQLException {
        Map<String, TicketRow> tickets = new LinkedHashMap<>();
        Set<String> issuedHere = new HashSet<>();
        Set<String> earlier = new LinkedHashSet<>();
        List<JsonNode> datas = new ArrayList<>(events.size());
        for (Event e : events) {
            JsonNode d = parse(e);
            datas.add(d);
            if (e.type().equals("ticket.issued")) {
                issuedHere.add(d.path("ticket").asText());
            } else if (e.type().startsWith("ticket.") && !issuedHere.contains(d.path("ticket").asText())) {
                earlier.add(d.path("ticket").asText());
            }
        }
        loadTickets(hall, earlier, tickets);
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
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                JsonNode d = datas.get(i);
                OffsetDateTime at = OffsetDateTime.parse(e.at());
                switch (e.type()) {
                    case "rating.recorded", "rating.not_rated" -> {
                        ratings.setString(1, hall);
                        ratings.setLong(2, e.seq());
                        ratings.setObject(3, LocalDate.parse(e.day()));
                        ratings.setObject(4, at);
                        ratings.setString(5, d.path("session").asText());
                        ratings.setString(6, d.path("ticket").asText());
                        ratings.setString(7, text(d, "number"));
                        ratings.setString(8, d.path("service").asText());
                        ratings.setString(9, d.path("counter").asText());
                        ratings.setString(10, text(d, "officer"));
                        ratings.setString(11, d.path("device").asText());
                        boolean rated = e.type().equals("rating.recorded");
                        ratings.setString(12, rated ? "rated" : "not_rated");
                        if (rated) {
                            ratings.setInt(13, d.path("level").asInt());
                            ratings.setString(14, Json.write(d.path("reasons")));
                        } else {
                            ratings.setNull(13, Types.SMALLINT);
                            ratings.setNull(14, Types.VARCHAR);
                        }
                        ratings.addBatch();
                    }
                    case "device.state" -> {
                        devices.setString(1, hall);
                        devices.setLong(2, e.seq());
                        devices.setObject(3, at);
                        devices.setString(4, d.path("device").asText());
                        devices.setString(5, d.path("state").asText());
                        devices.setString(6, text(d, "kind"));
                        devices.setString(7, text(d, "fw"));
                        devices.addBatch();
                    }
                    case "alarm.raised" -> {
                        Sql.bind(raised, hall, d.path("alarm").asLong(), LocalDate.parse(e.day()), d.path("kind").asText(),
                                text(d, "ticket"), text(d, "number"), text(d, "service"), text(d, "counter"),
                                text(d, "officer"), text(d, "reason"),
                                d.path("limitMinutes").isNumber() ? d.path("limitMinutes").asInt() : null, at);
                        raised.addBatch();
                    }
                    case "alarm.cleared" -> {
                        Sql.bind(cleared, at, text(d, "by"), hall, d.path("alarm").asLong());
                        cleared.addBatch();
                    }
                    case "appointment.booked", "appointment.cancelled", "appointment.missed" -> {
                        Sql.bind(booked, hall, d.path("code").asText(), LocalDate.parse(d.path("day").asText()),
                                d.path("service").asText(), text(d, "from"), text(d, "to"),
                                e.type().substring("appointment.".length()), e.seq());
                        booked.addBatch();
                    }
                    default -> {
                        if (e.type().startsWith("ticket.")) {
                            fold(tickets, e, d, at);
                        }
                        if (e.type().equals("ticket.issued") && d.hasNonNull("appointment")) {
                            Sql.bind(checkedIn, text(d, "arrival"), d.path("ticket").asText(), e.seq(), hall,
                                    d.path("appointment").asText(), e.seq());
                            checkedIn.addBatch();
                        }
                    }
                }
            }
            ratings.executeBatch();
            devices.executeBatch();
            // in log order: a page can hold an alarm's raising and its clearing, a booking and its check-in
            raised.executeBatch();
            cleared.executeBatch();
            booked.executeBatch();
            checkedIn.executeBatch();
        }
        writeTickets(hall, tickets.values());
    }

    private static void fold(Map<String, TicketRow> tickets, Event e, JsonNode d, OffsetDateTime at) {
        String id = d.path("ticket").asText();
        if (e.type().equals("ticket.issued")) {
            TicketRow t = new TicketRow();
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
        TicketRow t = tickets.get(id);
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

    private void loadTickets(String hall, Set<String> ids, Map<String, TicketRow> into) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id, day, number, origin_service, service, channel, "
                + "priority, state, counter, officer, recalls, issued_at, called_at, started_at, finished_at, outcome, "
                + "missing::text, service_seconds, last_seq, incomplete_reason, appointment FROM qms_tickets WHERE hall = ? "
                + "AND id = ANY(?)")) {
            Array arr = c.createArrayOf("text", ids.toArray());
            ps.setString(1, hall);
            ps.setArray(2, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TicketRow t = new TicketRow();
                    t.id = rs.getString(1);
                    t.day = rs.getObject(2, LocalDate.class);
                    t.number = rs.getString(3);
                    t.originService = rs.getString(4);
                    t.service = rs.getString(5);
                    t.channel = rs.getString(6);
                    t.priority = rs.getString(7);
                    t.state = rs.getString(8);
                    t.counter = rs.getString(9);
                    t.officer = rs.getString(10);
                    t.recalls = rs.getInt(11);
                    t.issuedAt = rs.getObject(12, OffsetDateTime.class);
                    t.calledAt = rs.getObject(13, OffsetDateTime.class);
                    t.startedAt = rs.getObject(14, OffsetDateTime.class);
                    t.finishedAt = rs.getObject(15, OffsetDateTime.class);
                    t.outcome = rs.getString(16);
                    t.missing = rs.getString(17);
                    t.serviceSeconds = (Integer) rs.getObject(18);
                    t.lastSeq = rs.getLong(19);
                    t.incompleteReason = rs.getString(20);
                    t.appointment = rs.getString(21);
                    into.put(t.id, t);
                }
            }
        }
    }

    private void writeTickets(String hall, Iterable<TicketRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_tickets(hall, id, day, number, origin_service, "
                + "service, channel, priority, state, counter, officer, recalls, issued_at, called_at, started_at, "
                + "finished_at, outcome, missing, service_seconds, last_seq, incomplete_reason, appointment) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?) ON CONFLICT (hall, id) DO UPDATE SET "
                + "service = excluded.service, state = excluded.state, counter = excluded.counter, "
                + "officer = excluded.officer, recalls = excluded.recalls, called_at = excluded.called_at, "
                + "started_at = excluded.started_at, finished_at = excluded.finished_at, outcome = excluded.outcome, "
                + "missing = excluded.missing, service_seconds = excluded.service_seconds, last_seq = excluded.last_seq, "
                + "incomplete_reason = excluded.incomplete_reason WHERE qms_tickets.last_seq < excluded.last_seq")) {
            for (TicketRow t : rows) {
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

    private static JsonNode parse(Event e) {
        try {
            return Json.MAPPER.readTree(e.data());
        } catch (IOException ex) {
            throw new IllegalStateException("event " + e.seq() + " has data that is not JSON", ex);
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void rollbackQuietly() {
        try {
            if (c != null) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone; the next round opens a new one
        }
    }

    @Override
    public void close() {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            c = null;
        }
    }

    /** A ticket as the station knows it; mutable only while one page is folded. */
    private static final class TicketRow {
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
