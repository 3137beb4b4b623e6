package org.hallqms.station;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.hallqms.jdbc.Migrations;
import org.hallqms.jdbc.Rows;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;

/**
 * The station's PostgreSQL: raw events and the tables built from them. Each page is one transaction that
 * also moves the hall's cursor, so a puller killed at any point resumes exactly where the database says.
 */
final class StationDb implements AutoCloseable {
    /**
     * The station schema's scripts, {@code db/station/V1.sql …}, recorded in {@code qms_schema_version}. A schema
     * made before versions were recorded has no such table: it reads as version 0 and V1, whose statements are all
     * "if not exists", brings it up to date.
     */
    static final Migrations MIGRATIONS =
            Migrations.of("station", "/db/station", 3, Migrations.Versions.POSTGRES_TABLE);

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
        // Two pullers starting at once serialise on the runner's advisory lock.
        MIGRATIONS.migrate(c);
    }

    boolean isOpen() {
        try {
            return c != null && c.isValid(2);
        } catch (SQLException e) {
            return false;
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
        HallRow row = Rows.one(c, HallRow.class, "SELECT seq, hash, broken_seq, broken_reason FROM qms_halls "
                + "WHERE hall = ?", hall).orElseThrow();
        c.commit();
        return new Cursor(new EventHead(row.seq(), row.hash()), row.brokenSeq() == null ? 0 : row.brokenSeq(),
                row.brokenReason());
    }

    private record HallRow(long seq, String hash, Long brokenSeq, String brokenReason) {
    }

    record Cursor(EventHead head, long brokenSeq, String brokenReason) {
    }

    /**
     * Stores verified events that follow {@code from} and moves the cursor to the last of them, in one
     * transaction. Returns false (and writes nothing) when another puller moved the cursor meanwhile.
     */
    boolean append(String hall, EventHead from, List<Event> events) throws SQLException {
        try {
            boolean clean;
            // "clean": no stored event past the cursor (a cursor moved back by hand leaves some), so COPY cannot collide
            try (PreparedStatement ps = c.prepareStatement("SELECT h.seq, NOT EXISTS (SELECT 1 FROM qms_events e "
                    + "WHERE e.hall = h.hall AND e.seq > h.seq) AS clean FROM qms_halls h WHERE h.hall = ? FOR UPDATE OF h")) {
                ps.setString(1, hall);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong("seq") != from.seq()) {
                        c.rollback();
                        return false;
                    }
                    clean = rs.getBoolean("clean");
                }
            }
            if (!events.isEmpty()) {
                if (clean) {
                    copyEvents(hall, events);
                } else {
                    insertEvents(hall, events);
                }
                Projection.project(c, hall, events);
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

    private void copyEvents(String hall, List<Event> events) throws SQLException {
        try (CopyRows rows = new CopyRows(c, "COPY qms_events(hall, seq, id, type, at, day, data, prev_hash, hash) "
                + "FROM STDIN")) {
            for (Event e : events) {
                rows.text(hall).num(e.seq()).text(e.id()).text(e.type()).text(e.at()).text(e.day()).text(e.data())
                        .text(e.prevHash()).text(e.hash()).end();
            }
            rows.finish();
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
}
