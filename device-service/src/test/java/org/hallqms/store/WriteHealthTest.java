package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health says what the kiosks find: a database that cannot take writes is not "ok". */
class WriteHealthTest {
    @TempDir
    Path dir;

    @Test
    void health_is_not_ok_while_writes_fail_and_ok_again_once_one_goes_through() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(hall.issue("id-card", "k-1").status()).isEqualTo(201);
            long next = hall.head().seq() + 1;
            // what a second writer on the same file did before the data directory was locked: it took the next seq
            String db = "jdbc:sqlite:" + dir.resolve("data").resolve(Store.FILE).toAbsolutePath();
            try (Connection c = DriverManager.getConnection(db);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO events(seq, id, type, at, day, data, prev_hash, "
                         + "hash) VALUES (?, 'intruder', 'x', '2026-11-27T10:00:00+08:00', '2026-11-27', '{}', 'p', 'h')")) {
                c.createStatement().execute("PRAGMA busy_timeout = 10000");
                ps.setLong(1, next);
                ps.executeUpdate();
            }

            assertThat(hall.issue("id-card", "k-2").status()).isEqualTo(503);
            Http.Resp health = hall.http().get("/health", null);
            assertThat(health.status()).isEqualTo(503);
            JsonNode database = health.body().path("database");
            assertThat(health.body().path("status").asText()).isEqualTo("degraded");
            assertThat(database.path("ok").asBoolean()).isFalse();
            assertThat(database.path("writable").asBoolean(true)).isFalse();
            assertThat(database.path("error").asText()).contains("UNIQUE");

            try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.executeUpdate("DELETE FROM events WHERE id = 'intruder'");
            }
            assertThat(hall.issue("id-card", "k-3").text("number")).isEqualTo("A002");
            health = hall.http().get("/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().path("database").path("ok").asBoolean()).isTrue();
            assertThat(health.body().path("database").has("writable")).isFalse();
        }
    }
}
