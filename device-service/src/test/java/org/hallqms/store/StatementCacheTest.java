package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read connections keep their statements; a reader must still see every commit made since its last read. */
class StatementCacheTest {
    @TempDir
    Path dir;

    @Test
    void a_reader_sees_a_later_commit_even_when_a_kept_query_was_closed_with_its_result_set_still_open()
            throws SQLException {
        Path file = dir.resolve("t.db");
        try (Connection writer = HallDb.connect(file, false)) {
            try (Statement s = writer.createStatement()) {
                s.execute("CREATE TABLE t (n INTEGER)");
                s.execute("INSERT INTO t VALUES (1), (2)");
            }
            try (Connection reader = StatementCache.wrap(HallDb.connect(file, true))) {
                PreparedStatement first = reader.prepareStatement("SELECT n FROM t ORDER BY n");
                ResultSet open = first.executeQuery();
                assertThat(open.next()).isTrue();
                // the caller stops after the first row and closes only the statement, as a careless read might
                first.close();

                try (Statement s = writer.createStatement()) {
                    s.execute("INSERT INTO t VALUES (3)");
                }
                assertThat(count(reader)).as("another statement on the same reader").isEqualTo(3);
                try (PreparedStatement again = reader.prepareStatement("SELECT n FROM t ORDER BY n");
                     ResultSet rs = again.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                    }
                    assertThat(rows).as("the kept statement itself").isEqualTo(3);
                }
                // and the writer can still fold the whole log back into the file: no reader holds a snapshot
                try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    assertThat(rs.getInt(1)).as("checkpoint busy").isZero();
                }
            }
        }
    }

    @Test
    void a_kept_statement_is_bound_afresh_each_time() throws SQLException {
        Path file = dir.resolve("t.db");
        try (Connection writer = HallDb.connect(file, false)) {
            try (Statement s = writer.createStatement()) {
                s.execute("CREATE TABLE t (n INTEGER)");
                s.execute("INSERT INTO t VALUES (1), (2), (3)");
            }
            try (Connection reader = StatementCache.wrap(HallDb.connect(file, true))) {
                assertThat(countAbove(reader, 0)).isEqualTo(3);
                assertThat(countAbove(reader, 2)).isEqualTo(1);
                assertThat(countAbove(reader, 0)).isEqualTo(3);
            }
        }
    }

    private static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM t"); ResultSet rs = ps.executeQuery()) {
            return rs.getInt(1);
        }
    }

    private static int countAbove(Connection c, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM t WHERE n > ?")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1);
            }
        }
    }
}
