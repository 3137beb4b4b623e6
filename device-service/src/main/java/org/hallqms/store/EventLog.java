package org.hallqms.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.hallqms.jdbc.Rows;

/** Reading the {@code events} table: its head, its last business day, a row as an {@link Event}, a chain check. */
final class EventLog {
    /** Every column of {@code events}, for a query whose rows become events. */
    static final String COLUMNS = "seq, id, type, at, day, data, prev_hash, hash";

    private EventLog() {
    }

    /** The event at the current row of a result set that selects the event columns by name, in any order. */
    static Event read(ResultSet rs) throws SQLException {
        return Rows.read(rs, Event.class);
    }

    static EventHead head(Connection c) throws SQLException {
        return Rows.one(c, EventHead.class, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
                .orElse(new EventHead(0, Event.GENESIS));
    }

    static LocalDate lastDay(Connection c) throws SQLException {
        return Rows.one(c, Day.class, "SELECT day FROM events ORDER BY seq DESC LIMIT 1")
                .map(Day::day).orElse(LocalDate.MIN);
    }

    private record Day(LocalDate day) {
    }

    /**
     * Walks the whole log and checks each hash against its predecessor.
     *
     * @return the first seq whose hash does not follow, or -1 when the chain is whole
     */
    static long firstBrokenSeq(Connection c) throws SQLException {
        String prev = Event.GENESIS;
        long expectedSeq = 1;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM events ORDER BY seq")) {
            while (rs.next()) {
                Event e = read(rs);
                if (e.seq() != expectedSeq || !e.verifies(prev)) {
                    return e.seq();
                }
                prev = e.hash();
                expectedSeq++;
            }
        }
        return -1L;
    }
}
