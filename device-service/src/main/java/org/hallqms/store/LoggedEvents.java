package org.hallqms.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hallqms.jdbc.Rows;

/**
 * What other packages may read of the {@code events} table, which this package owns: calls to replay, a call by
 * id, the events of a type over a range of days. Each runs on the caller's connection. The rows come back as
 * {@link Event}s; their data is read with the event codec, never by hand.
 */
public final class LoggedEvents {
    private LoggedEvents() {
    }

    /** Events of the given types after {@code afterSeq}, oldest first, at most {@code limit}. */
    public static List<Event> after(Connection c, long afterSeq, int limit, String type, String otherType)
            throws SQLException {
        return Rows.list(c, Event.class, "SELECT " + EventLog.COLUMNS + " FROM events WHERE seq > ? AND type IN (?, ?) "
                + "ORDER BY seq LIMIT ?", afterSeq, type, otherType, limit);
    }

    /** The latest events of the given types on {@code day}, newest first, at most {@code limit}. */
    public static List<Event> latestOfDay(Connection c, String day, int limit, String type, String otherType)
            throws SQLException {
        return Rows.list(c, Event.class, "SELECT " + EventLog.COLUMNS + " FROM events WHERE type IN (?, ?) AND day = ? "
                + "ORDER BY seq DESC LIMIT ?", type, otherType, day, limit);
    }

    /** The event with this id among those after {@code afterSeq} of the given types. */
    public static Optional<Event> byId(Connection c, long afterSeq, String id, String type, String otherType)
            throws SQLException {
        return Rows.one(c, Event.class, "SELECT " + EventLog.COLUMNS + " FROM events WHERE seq > ? AND id = ? "
                + "AND type IN (?, ?)", afterSeq, id, type, otherType);
    }

    /**
     * Hands the events after {@code afterSeq}, oldest first, at most {@code limit}, to {@code each} as they are
     * read: a feed page is never held in memory.
     */
    public static void each(Connection c, long afterSeq, int limit, Consumer<Event> each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + EventLog.COLUMNS + " FROM events WHERE seq > ? "
                + "ORDER BY seq LIMIT ?")) {
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(EventLog.read(rs));
                }
            }
        }
    }

    /** The events of one type logged on the business days {@code from} to {@code to}, inclusive, in order. */
    public static List<Event> ofType(Connection c, String type, String from, String to) throws SQLException {
        return Rows.list(c, Event.class, "SELECT " + EventLog.COLUMNS + " FROM events WHERE type = ? "
                + "AND day BETWEEN ? AND ? ORDER BY seq", type, from, to);
    }

    /** How many events of one type were logged on the business days {@code from} to {@code to}, inclusive. */
    public static int count(Connection c, String type, String from, String to) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM events WHERE type = ? AND day BETWEEN ? AND ?", type, from, to);
    }

    /** The seq of the last logged event, read from the table (0 when empty): proves a read connection works. */
    public static long lastSeq(Connection c) throws SQLException {
        return EventLog.head(c).seq();
    }
}
