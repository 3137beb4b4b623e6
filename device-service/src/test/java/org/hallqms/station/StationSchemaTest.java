package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.hallqms.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The station's schema under the migration runner. Station databases made before versions were recorded (by the
 * puller of 8218ce4, before alarms and appointments, and by the old main fff9666) carry no version: they must
 * come up to date with their rows and cursors as they were.
 */
class StationSchemaTest {
    private static final String LATEST = Integer.toString(StationDb.MIGRATIONS.latest());
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    static void server() {
        Postgres.requireServer();
    }

    @AfterEach
    void dropSchemas() {
        schemas.forEach(Postgres::dropSchema);
    }

    @Test
    void station_schemas_made_before_versions_were_recorded_come_up_to_date_with_their_rows_kept() throws Exception {
        String current = schema();
        open(current);
        for (String made : List.of("made-by-8218ce4.sql", "made-by-fff9666.sql")) {
            String old = schema();
            run(old, fixture(made));
            run(old, "INSERT INTO qms_halls(hall, url, seq, hash, pulled_at) VALUES ('east', 'http://10.0.0.5:8080/', "
                    + "42, 'abc', now())");
            run(old, "INSERT INTO qms_tickets(hall, id, day, number, origin_service, service, state, issued_at, last_seq) "
                    + "VALUES ('east', 't1', '2026-11-27', 'A001', 'id-card', 'id-card', 'waiting', now(), 41)");

            try (StationDb db = open(old)) {
                assertThat(db.cursor("east", "http://10.0.0.5:8080/").head()).as(made).isEqualTo(new EventHead(42, "abc"));
                // and it takes a hall's log at once: the golden day, whose bookings need the columns V1 added
                List<Event> golden = StationGoldenTest.goldenLog();
                assertThat(db.append("golden", db.cursor("golden", "http://10.0.0.6:8080/").head(), golden)).isTrue();
            }
            assertThat(rows(old, "SELECT count(*)::text FROM qms_tickets WHERE hall = 'golden' AND appointment IS NOT NULL"))
                    .as(made).doesNotContain("0");

            assertThat(rows(old, "SELECT max(version)::text FROM qms_schema_version")).as(made).containsExactly(LATEST);
            assertThat(columns(old)).as(made).isEqualTo(columns(current));
            assertThat(rows(old, "SELECT id || ' ' || state || ' ' || coalesce(appointment, '-') FROM qms_tickets "
                    + "WHERE hall = 'east'"))
                    .containsExactly("t1 waiting -");
        }
    }

    @Test
    void a_station_schema_at_the_latest_version_runs_nothing_again() throws Exception {
        String url = schema();
        open(url).close();
        List<String> applied = rows(url, "SELECT version || ' ' || applied_at FROM qms_schema_version ORDER BY version");
        run(url, "DROP INDEX qms_ratings_officer");

        open(url).close();

        assertThat(rows(url, "SELECT version || ' ' || applied_at FROM qms_schema_version ORDER BY version"))
                .isEqualTo(applied);
        assertThat(rows(url, "SELECT indexname::text FROM pg_indexes WHERE indexname = 'qms_ratings_officer' "
                + "AND schemaname = current_schema()")).isEmpty();
    }

    @Test
    void two_pullers_starting_on_an_empty_schema_at_once_apply_each_script_once() throws Exception {
        String url = schema();
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    open(url).close();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(new CompletableFuture[0])).join();

        assertThat(rows(url, "SELECT version::text FROM qms_schema_version ORDER BY version"))
                .containsExactlyElementsOf(versions());
    }

    @Test
    void a_station_schema_from_a_newer_puller_is_refused_and_left_alone() throws Exception {
        String url = schema();
        open(url).close();
        int newer = StationDb.MIGRATIONS.latest() + 1;
        run(url, "INSERT INTO qms_schema_version(version) VALUES (" + newer + ")");

        assertThatThrownBy(() -> open(url)).isInstanceOf(SQLException.class)
                .hasMessageContaining("station database schema is version " + newer + ", newer than this service's "
                        + LATEST);
        assertThat(rows(url, "SELECT version::text FROM qms_schema_version ORDER BY version").get(0)).isEqualTo("1");
        assertThat(rows(url, "SELECT max(version)::text FROM qms_schema_version")).containsExactly(newer + "");
    }

    /** "1" … the latest version: each script applied once. */
    private static List<String> versions() {
        List<String> out = new ArrayList<>();
        for (int v = 1; v <= StationDb.MIGRATIONS.latest(); v++) {
            out.add(Integer.toString(v));
        }
        return out;
    }

    private String schema() {
        String url = Postgres.freshSchema();
        schemas.add(url);
        return url;
    }

    private static StationDb open(String url) throws SQLException {
        StationDb db = new StationDb(url);
        db.open();
        return db;
    }

    /** Every column of every qms_ table but the version record: name, type, nullability, default. */
    private static List<String> columns(String url) throws SQLException {
        return rows(url, "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' "
                + "|| coalesce(column_default, '') || coalesce(generation_expression, '') FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name <> 'qms_schema_version' ORDER BY 1");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = StationSchemaTest.class.getResourceAsStream("/station/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs a script as the puller of its day did: comment lines dropped, split at each ';'. */
    private static void run(String url, String script) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String stmt : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt.strip());
                }
            }
        }
    }

    private static List<String> rows(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
