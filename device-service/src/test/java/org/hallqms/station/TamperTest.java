package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows of the hall's log altered or deleted behind the service's back, directly in SQLite. */
class TamperTest {
    @TempDir
    Path dir;
    private TestHall hall;
    private String pg;

    @BeforeEach
    void hallWithHistory() {
        Postgres.requireServer();
        hall = TestHall.start(dir);
        BusyHall.fill(hall, 400, 15);
        pg = Postgres.freshSchema();
    }

    @AfterEach
    void stop() {
        hall.close();
        Postgres.dropSchema(pg);
    }

    private record Run(int status, String stderr) {
    }

    private Run pull() throws Exception {
        Path token = dir.resolve("station.token");
        Files.writeString(token, TestHall.SYNC);
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = SyncPull.main(new String[] {"--jdbc", pg, "--hall", "demo-hall=http://127.0.0.1:"
                    + hall.hall().httpPort(), "--token", "@" + token, "--once", "--limit", "50"});
            return new Run(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private void sqlite(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/qms.db"));
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(sql)).isEqualTo(1);
        }
    }

    @Test
    void an_altered_row_and_a_later_deleted_one_stop_the_puller_at_the_altered_seq() throws Exception {
        long head = hall.head().seq();
        assertThat(head).isGreaterThan(300);
        // a rating's level changed, and a later event erased
        String db = "jdbc:sqlite:" + dir.resolve("data/qms.db");
        long altered = SyncPullTest.single(db, "SELECT min(seq) FROM events WHERE type = 'rating.recorded' AND seq > 120");
        String data = SyncPullTest.rows(db, "SELECT data FROM events WHERE seq = " + altered).get(0);
        String changed = data.contains("\"level\":5") ? data.replace("\"level\":5", "\"level\":1")
                : data.replaceFirst("\"level\":[1-4]", "\"level\":5");
        assertThat(changed).isNotEqualTo(data);
        sqlite("UPDATE events SET data = '" + changed.replace("'", "''") + "' WHERE seq = " + altered);
        sqlite("DELETE FROM events WHERE seq = " + (altered + 90));

        Run r = pull();

        assertThat(r.status()).isEqualTo(SyncPull.BROKEN);
        assertThat(r.stderr()).contains("event " + altered + " (rating.recorded) was altered");
        assertThat(SyncPullTest.rows(pg, "SELECT seq || ' ' || broken_seq FROM qms_halls"))
                .containsExactly((altered - 1) + " " + altered);
        assertThat(SyncPullTest.single(pg, "SELECT max(seq) FROM qms_events")).isEqualTo(altered - 1);
        // asked again, it stops at the same place and stores nothing past it
        assertThat(pull().status()).isEqualTo(SyncPull.BROKEN);
        assertThat(SyncPullTest.single(pg, "SELECT count(*) FROM qms_events")).isEqualTo(altered - 1);
    }

    @Test
    void a_deleted_row_stops_the_puller_naming_the_missing_seq() throws Exception {
        sqlite("DELETE FROM events WHERE seq = 222");

        Run r = pull();

        assertThat(r.status()).isEqualTo(SyncPull.BROKEN);
        assertThat(r.stderr()).contains("event 222 is missing: the hall sent seq 223 after 221");
        assertThat(SyncPullTest.single(pg, "SELECT max(seq) FROM qms_events")).isEqualTo(221);
    }

    @Test
    void a_hall_restored_from_an_older_backup_is_reported_not_pulled_as_if_new() throws Exception {
        assertThat(pull().status()).isEqualTo(SyncPull.OK);
        long head = hall.head().seq();
        // the hall's log loses its last 10 events, as after restoring yesterday's copy
        hall.restart(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/qms.db"));
                 Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM events WHERE seq > " + (head - 10));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        long restarted = hall.head().seq();

        Run r = pull();

        assertThat(restarted).as("a restart logs only a few events").isLessThan(head);
        assertThat(r.status()).isEqualTo(SyncPull.BROKEN);
        assertThat(r.stderr()).contains("the hall's log is shorter than the " + head + " events already pulled");
        assertThat(SyncPullTest.single(pg, "SELECT max(seq) FROM qms_events")).isEqualTo(head);
    }
}
