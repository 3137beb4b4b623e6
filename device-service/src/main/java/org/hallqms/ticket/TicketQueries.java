package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What other packages may read of the {@code tickets} table, which this package owns: the display's current
 * ticket and waiting counts, the alarms' queues and ticket lookups, the catalogue's and appointments' counts.
 * Each runs on the caller's connection (inside its read or write), so it sees the caller's transaction.
 */
public final class TicketQueries {
    private TicketQueries() {
    }

    /** A ticket by its id, any day. */
    public static Optional<Ticket> byId(Connection c, String id) throws SQLException {
        return Tickets.byId(c, id);
    }

    /** The state of a ticket by id, or empty when there is no such ticket. */
    public static Optional<TicketState> state(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM tickets WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(TicketState.of(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** A ticket of {@code day} by its printed number (such as A012) or its id. */
    public static Optional<Ticket> byNumberOrId(Connection c, String day, String ref) throws SQLException {
        return Tickets.list(c, "SELECT " + Tickets.COLUMNS + " FROM tickets WHERE day = ? AND "
                + (ref.matches("[A-Z][0-9]{3}") ? "label" : "id") + " = ?", day, ref).stream().findFirst();
    }

    /**
     * A service's waiting tickets of {@code day}, oldest place first (transferred ones included), for as long as
     * {@code more} holds. The alarm check stops at the first ticket inside its target; in a busy hall the rest of
     * the queue is thousands of rows, which it need not read (it runs on the writer, holding every press up).
     */
    public static List<Ticket> waitingOldestFirstWhile(Connection c, String day, String service, Predicate<Ticket> more)
            throws SQLException {
        List<Ticket> out = new ArrayList<>();
        // The places alone come from the queue's index; each ticket is read only when the walk gets to it.
        try (PreparedStatement ps = c.prepareStatement("SELECT pos FROM tickets WHERE day = ? AND state = 'waiting' "
                + "AND service = ? ORDER BY pos")) {
            ps.setString(1, day);
            ps.setString(2, service);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<Ticket> t = Tickets.byPos(c, rs.getLong(1));
                    if (t.isEmpty() || !more.test(t.get())) {
                        break;
                    }
                    out.add(t.get());
                }
            }
        }
        return out;
    }

    /** The tickets of {@code day} now called or being served, at any counter. */
    public static List<Ticket> atCounters(Connection c, String day) throws SQLException {
        return Tickets.list(c, "SELECT " + Tickets.COLUMNS + " FROM tickets WHERE day = ? AND "
                + "state IN ('called','serving')", day);
    }

    /** Waiting tickets of {@code day} per service that has any. */
    public static Map<String, Integer> waitingByService(Connection c, String day) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT service, COUNT(*) FROM tickets WHERE day = ? AND "
                + "state = 'waiting' GROUP BY service")) {
            ps.setString(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Tickets issued on {@code day} under a service's numbering (what its daily cap counts). */
    public static int issued(Connection c, String day, String service) throws SQLException {
        return Tickets.issuedCount(c, day, service);
    }
}
