package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's write lock held for a moment by another connection (a reader or the checkpointer can take it briefly):
 * the hall's write waits for it, under the busy timeout, instead of refusing the press with "database is locked".
 */
class WriteLockTest {
    @TempDir
    Path dir;

    @Test
    void a_press_while_another_connection_holds_the_write_lock_waits_for_it_and_gets_its_ticket() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(hall.issue("id-card", "k-1").status()).isEqualTo(201);
            String db = "jdbc:sqlite:" + hall.hall().store().file().toAbsolutePath();
            CompletableFuture<Http.Resp> press;
            try (Connection other = DriverManager.getConnection(db); Statement s = other.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("BEGIN IMMEDIATE");
                press = CompletableFuture.supplyAsync(() -> hall.issue("id-card", "k-2"));
                // Until the press has either been answered or is waiting inside SQLite for the lock: a press that
                // reads before it writes, and upgrades without waiting, is answered at once with an error.
                await().atMost(Duration.ofSeconds(20)).until(() -> press.isDone() || writerWaitsInSqlite());
                s.execute("ROLLBACK");
            }
            Http.Resp r = press.get(20, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.raw()).isEqualTo(201);
            assertThat(r.text("number")).isEqualTo("A002");
        }
    }

    /** The writer inside SQLite before the press's own statements (those run under the ticket package's frames). */
    private static boolean writerWaitsInSqlite() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("qms-writer"))
                .map(e -> Arrays.asList(e.getValue()))
                .anyMatch(st -> st.stream().anyMatch(f -> f.getClassName().startsWith("org.sqlite.core"))
                        && st.stream().noneMatch(f -> f.getClassName().startsWith("org.hallqms.ticket")));
    }
}
