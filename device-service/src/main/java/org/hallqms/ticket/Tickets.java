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
    static final String COLUMNS = "id, number, label, service, origin_service, day, channel, priority, state, counter, "
            + "officer, target_counter, recalls, issued_at, called_at, started_at, finished_at, outcome, missing, pos, rank";

    private Tickets() {
    }

    static Optional<Ticket> byId(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE id = ?", id);
    }

    static Optional<Ticket> byRequest(Connection c, String requestId) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE request_id = ?", requestId);
    }

    /** By the number's service (its prefix's) and digits; uses the numbering's unique index. */
    static Optional<Ticket> byNumber(Connection c, String day, String originService, int number) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM tickets WHERE day = ? AND origin_service = ? AND number = ?", day,
                originService, number);
    }

    /** Tickets issued today for a service, and the highest number among them. */
    static int[] issuedAndLast(Connection c, String day, String service) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(MAX(number), 0) FROM tickets "
                + "WHERE day = ? AND origin_service = ?")) {
            Sql.bind(ps, day, service);
            try (ResultSet rs = ps.executeQuery()) {
                return new int[] {rs.getInt(1), rs.getInt(2)};
            }
        }
    }

    static long lastPos(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1);
        }
    }

    static int issuedCount(Connection c, String day, String service) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND origin_service = ?", day, service);
    }

    /** Waiting tickets that a new or given ticket of this service and class would be called after. */
    static int ahead(Connection c, String day, String service, int rank, long pos) throws SQLException {
        // Two range counts on the partial index rather than one OR, which SQLite would answer by a scan.
        String waiting = "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting' "
                + "AND target_counter IS NULL AND rank ";
        return count(c, waiting + "> ?", day, service, rank) + count(c, waiting + "= ? AND pos < ?", day, service, rank, pos);
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

    private static Ticket read(ResultSet rs) throws SQLException {
        String missing = rs.getString(19);
        return new Ticket(rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getInt(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getString(18), missing == null ? null : strings(missing), rs.getLong(20),
                rs.getInt(21));
    }

    private static List<String> strings(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
