package org.hallqms.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hallqms.store.Json;
import org.hallqms.store.Sql;

/** SQL over the tickets table. Every method runs on a connection it is given. */
final class Tickets {
    static final String COLUMNS = "id, label, service, origin_service, day, channel, priority, state, counter, "
            + "officer, target_counter, recalls, issued_at, called_at, started_at, finished_at, outcome, missing, pos, rank";

    private Tickets() {
    }

    static Optional<Ticket> byId(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE id = ?", id);
    }

    static Optional<Ticket> byRequest(Connection c, String requestId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE request_id = ?", requestId);
    }

    /** By its place in the log of issues (the table's key). */
    static Optional<Ticket> byPos(Connection c, long pos) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE pos = ?", pos);
    }

    /** By the number's service (its prefix's) and digits; uses the numbering's unique index. */
    static Optional<Ticket> byNumber(Connection c, String day, String originService, int number) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE day = ? AND origin_service = ? AND number = ?", day,
                originService, number);
    }

    /** The highest number a service has issued on {@code day}, 0 before its first: one step down the numbering's index. */
    static int lastNumber(Connection c, String day, String service) throws SQLException {
        return count(c, "SELECT COALESCE(MAX(number), 0) FROM tickets WHERE day = ? AND origin_service = ?", day, service);
    }

    static long lastPos(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1);
        }
    }

    static int issuedCount(Connection c, String day, String service) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND origin_service = ?", day, service);
    }

    private static final String WAITING_OF_SERVICE = "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? "
            + "AND state = 'waiting' AND target_counter IS NULL AND rank ";
    private static final String AHEAD = "SELECT (" + WAITING_OF_SERVICE + "> ?) + (" + WAITING_OF_SERVICE
            + "= ? AND pos < ?)";

    /** Waiting tickets that a new or given ticket of this service and class would be called after. */
    static int ahead(Connection c, String day, String service, int rank, long pos) throws SQLException {
        // Two range counts on the covering index tickets_queue rather than one OR, which SQLite would answer by a
        // scan; in one statement, because on a read connection preparing each costs as much as
        // walking a hundred entries of the index (measured: AheadMicrobench).
        return count(c, AHEAD, day, service, rank, day, service, rank, pos);
    }

    static int waiting(Connection c, String day, String service) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND service = ?", day, service);
    }

    /**
     * The ticket a counter takes next: tickets transferred to this very counter first, then (unless
     * {@code normalOnly}) the highest class, then the oldest place in the queue.
     */
    static Optional<Ticket> next(Connection c, String day, String counter, List<String> services, boolean normalOnly)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM tickets WHERE day = ? AND "
                + "state = 'waiting' AND (target_counter = ? OR (target_counter IS NULL AND service IN (");
        for (int i = 0; i < services.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        if (services.isEmpty()) {
            sql.append("NULL");
        }
        sql.append(")").append(normalOnly ? " AND rank = 0" : "").append(")) ")
                .append("ORDER BY target_counter IS NULL, rank DESC, pos LIMIT 1");
        Object[] args = new Object[2 + services.size()];
        args[0] = day;
        args[1] = counter;
        for (int i = 0; i < services.size(); i++) {
            args[2 + i] = services.get(i);
        }
        return one(c, sql.toString(), args);
    }

    /** Today's waiting tickets that a counter would take, in the order it would take them, at most {@code limit}. */
    static List<Ticket> waitingFor(Connection c, String day, String counter, List<String> services, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tickets WHERE day = ? AND "
                + "state = 'waiting' AND (target_counter = ? OR (target_counter IS NULL AND service IN (");
        List<Object> args = new ArrayList<>(List.of(day, counter));
        for (int i = 0; i < services.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
            args.add(services.get(i));
        }
        sql.append(services.isEmpty() ? "NULL" : "").append("))) ORDER BY target_counter IS NULL, rank DESC, pos LIMIT ")
                .append(limit);
        return list(c, sql.toString(), args.toArray());
    }

    /** A service's next waiting tickets in queue order (transferred-to-a-counter ones first), at most 20. */
    static List<Ticket> nextOf(Connection c, String day, String service) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM tickets WHERE day = ? AND state = 'waiting' AND service = ? "
                + "ORDER BY target_counter IS NULL, rank DESC, pos LIMIT 20", day, service);
    }

    /** Waiting tickets a counter may take: those of its services not sent elsewhere, and those sent to it. */
    static int waitingAt(Connection c, String day, String counter, List<String> services) throws SQLException {
        int waiting = 0;
        for (String s : services) {
            waiting += count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND "
                    + "service = ? AND target_counter IS NULL", day, s);
        }
        return waiting + count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND "
                + "target_counter = ?", day, counter);
    }

    /** Active (waiting, called or serving) tickets of a day and service. */
    static int active(Connection c, String day, String service) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? "
                + "AND state IN ('waiting','called','serving')", day, service);
    }

    /** Unfinished tickets of days before {@code day}, in queue order: the day roll expires them. */
    static List<Ticket> staleBefore(Connection c, String day) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM tickets WHERE day < ? AND state IN "
                + "('waiting','called','serving') ORDER BY pos", day);
    }

    // ---- the writes, one per move ----

    /** Stores a new ticket; returns its place in the queue (the row id). */
    static long insert(Connection c, Ticket t, int number, String requestId, String appointment) throws SQLException {
        update(c, "INSERT INTO tickets(id, day, service, origin_service, number, label, channel, priority, "
                        + "rank, state, request_id, appointment, issued_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                t.id(), t.day(), t.service(), t.originService(), number, t.number(),
                t.channel(), t.priority(), t.rank(), t.state(), requestId, appointment, t.issuedAt());
        return lastPos(c);
    }

    static void called(Connection c, String id, String counter, String officer, String at, long waitSeconds)
            throws SQLException {
        update(c, "UPDATE tickets SET state = 'called', counter = ?, officer = ?, target_counter = NULL, "
                        + "recalls = 0, called_at = ?, wait_seconds = COALESCE(wait_seconds, ?) WHERE id = ?",
                counter, officer, at, waitSeconds, id);
    }

    static void recalled(Connection c, String id) throws SQLException {
        update(c, "UPDATE tickets SET recalls = recalls + 1 WHERE id = ?", id);
    }

    static void started(Connection c, String id, String at) throws SQLException {
        update(c, "UPDATE tickets SET state = 'serving', started_at = ? WHERE id = ?", at, id);
    }

    static void finished(Connection c, String id, String outcome, String missingJson, String reason, String note,
                         String at, long serviceSeconds) throws SQLException {
        update(c, "UPDATE tickets SET state = ?, outcome = ?, missing = ?, incomplete_reason = ?, "
                        + "note = ?, finished_at = ?, service_seconds = ? WHERE id = ?",
                outcome, outcome, missingJson, reason, note, at, serviceSeconds, id);
    }

    static void noShow(Connection c, String id, String at) throws SQLException {
        update(c, "UPDATE tickets SET state = 'no_show', finished_at = ? WHERE id = ?", at, id);
    }

    static void transferred(Connection c, String id, String service, String toCounter) throws SQLException {
        update(c, "UPDATE tickets SET state = 'waiting', service = ?, target_counter = ?, "
                + "counter = NULL, officer = NULL, recalls = 0, started_at = NULL WHERE id = ?", service, toCounter, id);
    }

    static void expired(Connection c, String id) throws SQLException {
        update(c, "UPDATE tickets SET state = 'expired' WHERE id = ?", id);
    }

    static List<Ticket> list(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Ticket> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        return Sql.update(c, sql, args);
    }

    static int count(Connection c, String sql, Object... args) throws SQLException {
        return Sql.count(c, sql, args);
    }

    private static Optional<Ticket> one(Connection c, String sql, Object... args) throws SQLException {
        List<Ticket> l = list(c, sql, args);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** A row by its column names ({@code label} is the ticket's number as printed). */
    private static Ticket read(ResultSet rs) throws SQLException {
        String missing = rs.getString("missing");
        return Ticket.builder()
                .id(rs.getString("id"))
                .number(rs.getString("label"))
                .service(rs.getString("service"))
                .originService(rs.getString("origin_service"))
                .day(rs.getString("day"))
                .channel(rs.getString("channel"))
                .priority(rs.getString("priority"))
                .state(rs.getString("state"))
                .counter(rs.getString("counter"))
                .officer(rs.getString("officer"))
                .targetCounter(rs.getString("target_counter"))
                .recalls(rs.getInt("recalls"))
                .issuedAt(rs.getString("issued_at"))
                .calledAt(rs.getString("called_at"))
                .startedAt(rs.getString("started_at"))
                .finishedAt(rs.getString("finished_at"))
                .outcome(rs.getString("outcome"))
                .missing(missing == null ? null : strings(missing))
                .pos(rs.getLong("pos"))
                .rank(rs.getInt("rank"))
                .build();
    }

    private static List<String> strings(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
