package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hallqms.jdbc.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hall's schema: databases made by earlier versions of the service open as they are, or move forward. */
class HallSchemaTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    @Test
    void a_hall_database_made_by_the_old_main_opens_gets_only_the_cases_table_and_nothing_is_migrated_again()
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (InputStream in = getClass().getResourceAsStream("/golden/busy-day-qms.db")) {
            Files.copy(in, data.resolve(Store.FILE));
        }
        List<String> before = schema(data.resolve(Store.FILE));
        assertThat(before.get(0)).isEqualTo("user_version 6");

        try (Store store = Store.open(data, Clock.systemUTC(), ZONE)) {
            assertThat(store.head().seq()).isEqualTo(621);
            assertThat(store.firstBrokenSeq()).isEqualTo(-1);
            assertThat(store.<Optional<String>>read(c -> Meta.get(c, "rolled_day"))).contains("2026-11-28");
        }

        List<String> after = schema(data.resolve(Store.FILE));
        assertThat(after.get(0)).isEqualTo("user_version 7");
        List<String> added = new ArrayList<>(after.subList(1, after.size()));
        assertThat(added).containsAll(before.subList(1, before.size()));
        added.removeAll(before);
        // V7 (issue 18) adds the cases table and its indexes, and nothing else changes
        assertThat(added).hasSize(3).allMatch(sql -> sql.startsWith("CREATE TABLE cases")
                || sql.startsWith("CREATE INDEX cases_"));

        try (Store store = Store.open(data, Clock.systemUTC(), ZONE)) {
            assertThat(store.head().seq()).isEqualTo(621);
        }
        assertThat(schema(data.resolve(Store.FILE))).isEqualTo(after);
    }

    @Test
    void a_database_left_at_an_older_version_gets_only_the_scripts_after_it() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = data.resolve(Store.FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Migrations.of("hall", "/db/hall", 5, Migrations.Versions.SQLITE_USER_VERSION).migrate(c);
            c.createStatement().execute("INSERT INTO meta(key, value) VALUES ('left', 'by version 5')");
        }
        assertThat(schema(file)).first().isEqualTo("user_version 5");

        try (Store store = Store.open(data, Clock.systemUTC(), ZONE)) {
            assertThat(store.<Optional<String>>read(c -> Meta.get(c, "left"))).contains("by version 5");
        }

        assertThat(schema(file)).first().isEqualTo("user_version 7");
        assertThat(schema(file)).anyMatch(s -> s.startsWith("CREATE TABLE device_secrets"));
        assertThat(schema(file)).anyMatch(s -> s.startsWith("CREATE TABLE cases"));
    }

    @Test
    void a_database_from_a_newer_service_is_refused_and_left_alone() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = data.resolve(Store.FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("PRAGMA user_version = 8");
        }

        assertThatThrownBy(() -> Store.open(data, Clock.systemUTC(), ZONE))
                .hasMessageContaining("schema is version 8, newer than this service's 7");

        assertThat(schema(file)).containsExactly("user_version 8");
    }

    @Test
    void meta_values_are_read_and_written_through_one_api() {
        try (Store store = Store.open(dir.resolve("data"), Clock.systemUTC(), ZONE)) {
            assertThat(store.<Optional<String>>read(c -> Meta.get(c, "cursor"))).isEmpty();
            store.write(tx -> {
                Meta.put(tx, "cursor", "1");
                return null;
            });
            store.write(tx -> {
                Meta.put(tx, "cursor", "2");
                return null;
            });
            assertThat(store.<Optional<String>>read(c -> Meta.get(c, "cursor"))).isEqualTo(Optional.of("2"));
            assertThat(store.<Optional<String>>write(tx -> Meta.get(tx.connection(), "cursor"))).contains("2");
        }
    }

    /** {@code user_version}, then every schema object's SQL, sorted. */
    private static List<String> schema(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                out.add("user_version " + rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY sql")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
