package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hallqms.Main;
import org.hallqms.store.EventHead;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The station-side puller against a busy hall and the machine's real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncPullTest {
    private static final int EVENTS = 200_000;
    private Path dir;
    private TestHall hall;
    private List<LocalDate> days;
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    void busyHall() throws IOException {
        Postgres.requireServer();
        // tmpfs when the machine has one: 200,000 durable commits on a real disk would take minutes.
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "qms-sync")
                : Files.createTempDirectory("qms-sync");
        // The last citizens' rating sessions would close as "not rated" two minutes after the fill, in real time: on
        // a busy machine that falls between two pulls of one test, and the hall's log is then longer for the second.
        // The fill's 差评 open cases nobody answers: with the shortest deadlines they would go overdue (case-overdue
        // alarms, left active) on the second simulated day. This test is about the pull, so they stay within time.
        hall = TestHall.start(dir, "QMS_RATING_TIMEOUT_SECONDS", "3600", "QMS_CASE_CALLBACK_HOURS", "720",
                "QMS_CASE_RESOLVE_DAYS", "90");
        days = BusyHall.fill(hall, EVENTS, 900);
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (hall != null) {
            hall.close();
        }
        schemas.forEach(Postgres::dropSchema);
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String schema() {
        String url = Postgres.freshSchema();
        schemas.add(url);
        return url;
    }

    private String[] args(String jdbc, String... more) throws IOException {
        Path token = dir.resolve("station.token");
        Files.writeString(token, TestHall.SYNC + "\n", StandardCharsets.UTF_8);
        List<String> a = new ArrayList<>(List.of("--jdbc", jdbc, "--hall", "demo-hall=http://127.0.0.1:"
                + hall.hall().httpPort(), "--token", "demo-hall=@" + token, "--once"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void a_hall_of_200000_events_arrives_whole_and_its_ratings_match_the_halls_own_stats() throws Exception {
        assertThat(hall.head().seq()).isGreaterThanOrEqualTo(EVENTS);
        String pg = schema();

        assertThat(SyncPull.main(args(pg))).isEqualTo(SyncPull.OK);

        assertThat(single(pg, "SELECT count(*) FROM qms_events")).isEqualTo(hall.head().seq());
        assertThat(single(pg, "SELECT max(seq) FROM qms_events")).isEqualTo(hall.head().seq());
        assertThat(rows(pg, "SELECT seq::text || ' ' || hash FROM qms_halls"))
                .containsExactly(hall.head().seq() + " " + hall.head().hash());
        // every ticket, each in the state the hall has it in
        assertThat(rows(pg, "SELECT state || '=' || count(*) FROM qms_tickets GROUP BY state ORDER BY state"))
                .isEqualTo(hallRows("SELECT state || '=' || count(*) FROM tickets GROUP BY state ORDER BY state"));
        String row = " || ' ' || service || ' ' || state || ' ' || coalesce(counter, '-') || ' ' || coalesce(officer, '-') "
                + "|| ' ' || day || ' ' || coalesce(outcome, '-')";
        assertThat(rows(pg, "SELECT id || ' ' || number" + row + " FROM qms_tickets ORDER BY id"))
                .isEqualTo(hallRows("SELECT id || ' ' || label" + row + " FROM tickets ORDER BY id"));
        // ratings per officer and level, summed over the hall's own daily stats
        Map<String, Long> hallCounts = new TreeMap<>();
        for (LocalDate d : days) {
            JsonNode byOfficer = hall.http().get("/api/v1/stats?day=" + d, TestHall.ADMIN).body()
                    .path("ratings").path("byOfficer");
            byOfficer.fields().forEachRemaining(e -> e.getValue().path("levels").fields().forEachRemaining(l ->
                    hallCounts.merge(e.getKey() + " level " + l.getKey(), l.getValue().asLong(), Long::sum)));
        }
        hallCounts.values().removeIf(n -> n == 0);
        Map<String, Long> stationCounts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT officer, level, count(*) FROM qms_ratings WHERE result = 'rated' "
                     + "GROUP BY officer, level")) {
            while (rs.next()) {
                stationCounts.put(rs.getString(1) + " level " + rs.getInt(2), rs.getLong(3));
            }
        }
        assertThat(stationCounts).hasSizeGreaterThan(8).isEqualTo(hallCounts);
        // served, incomplete and no-show per officer: the hall's report over the whole range, the station's tables
        JsonNode officers = hall.http().get("/api/v1/stats?from=" + days.get(0) + "&to=" + days.get(days.size() - 1),
                TestHall.ADMIN).body().path("officers");
        Map<String, Long> hallServed = new TreeMap<>();
        officers.fields().forEachRemaining(o -> {
            for (String k : List.of("done", "incomplete", "noShow")) {
                hallServed.put(o.getKey() + " " + k, o.getValue().path(k).asLong());
            }
        });
        Map<String, Long> stationServed = new TreeMap<>();
        for (String line : rows(pg, "SELECT officer || ' ' || CASE state WHEN 'no_show' THEN 'noShow' ELSE state END || "
                + "'=' || count(*) FROM qms_tickets WHERE state IN ('done', 'incomplete', 'no_show') GROUP BY officer, state")) {
            String[] kv = line.split("=");
            stationServed.put(kv[0], Long.parseLong(kv[1]));
        }
        assertThat(stationServed).hasSize(12).isEqualTo(hallServed);
        // 办不成事 by reason, and alarms per service and kind
        JsonNode range = hall.http().get("/api/v1/stats?from=" + days.get(0) + "&to=" + days.get(days.size() - 1),
                TestHall.ADMIN).body();
        Map<String, Long> hallReasons = new TreeMap<>();
        range.path("incompleteByReason").fields().forEachRemaining(e -> hallReasons.put(e.getKey(), e.getValue().asLong()));
        Map<String, Long> stationReasons = new TreeMap<>();
        for (String line : rows(pg, "SELECT incomplete_reason || '=' || count(*) FROM qms_tickets WHERE state = 'incomplete' "
                + "GROUP BY incomplete_reason")) {
            stationReasons.put(line.split("=")[0], Long.parseLong(line.split("=")[1]));
        }
        assertThat(stationReasons).containsOnlyKeys("missing-material", "policy").isEqualTo(hallReasons);
        Map<String, Long> hallAlarms = new TreeMap<>();
        range.path("alarms").path("byService").fields().forEachRemaining(s -> s.getValue().fields().forEachRemaining(k ->
                hallAlarms.put(s.getKey() + " " + k.getKey(), k.getValue().asLong())));
        Map<String, Long> stationAlarms = new TreeMap<>();
        for (String line : rows(pg, "SELECT service || ' ' || kind || '=' || count(*) FROM qms_alarms GROUP BY service, kind")) {
            stationAlarms.put(line.split("=")[0], Long.parseLong(line.split("=")[1]));
        }
        assertThat(stationAlarms).hasSize(3).isEqualTo(hallAlarms);
        assertThat(single(pg, "SELECT count(*) FROM qms_alarms WHERE cleared_at IS NULL")).isZero();
        assertThat(single(pg, "SELECT count(*) FROM qms_ratings WHERE result = 'not_rated'")).isPositive();

        // a second run finds nothing new and changes nothing
        Map<String, String> before = digest(pg);
        assertThat(SyncPull.main(args(pg))).isEqualTo(SyncPull.OK);
        assertThat(digest(pg)).isEqualTo(before);
    }

    @Test
    void a_puller_killed_20_times_while_pulling_ends_exactly_like_one_clean_pull() throws Exception {
        String clean = schema();
        assertThat(SyncPull.main(args(clean))).isEqualTo(SyncPull.OK);
        EventHead head = hall.head();

        String killed = schema();
        // The puller's connections carry a name of their own, so the test can see where it is in PostgreSQL.
        String named = killed + "&ApplicationName=" + KILLED_PULLER;
        long total = hall.head().seq();
        Random rnd = new Random(7);
        Map<KillPoint, Integer> hits = new TreeMap<>();
        for (int i = 0; i < 20; i++) {
            KillPoint point = KillPoint.values()[i % KillPoint.values().length];
            long before = progress(killed);
            int pages = 1 + rnd.nextInt(3);
            Process p = puller(args(named, "--limit", "1000"));
            // Kill points are chosen by what the puller has done, not by the clock: a JVM may take a second to start
            // on a busy machine, or finish a page in a millisecond on an idle one.
            await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .until(() -> !p.isAlive() || switch (point) {
                        case CONNECTED -> sessions("") > 0;
                        case IN_TRANSACTION -> sessions(" AND xact_start IS NOT NULL") > 0;
                        case PAGES_COMMITTED -> progress(killed) >= Math.min(total, before + pages * 1000L);
                    });
            if (p.isAlive()) {
                p.destroyForcibly();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                hits.merge(point, 1, Integer::sum);
            }
            // PostgreSQL ends a dead client's session on its own; until then it would look like the next puller's.
            await().atMost(Duration.ofMinutes(1)).until(() -> sessions("") == 0);
        }
        long afterKills = progress(killed);
        System.out.println("sync-pull kills: " + hits + "; the station held " + afterKills + " of " + total
                + " events after them");
        assertThat(hits.values().stream().mapToInt(Integer::intValue).sum()).as("kills that hit a running pull %s", hits)
                .isGreaterThanOrEqualTo(15);
        assertThat(hits).as("each kill point was reached").containsOnlyKeys(KillPoint.values());
        assertThat(afterKills).as("some progress before the last kill, not all of it").isPositive().isLessThan(total);

        Process last = puller(args(killed, "--limit", "1000"));
        assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(hall.head()).as("the hall wrote nothing while the test ran").isEqualTo(head);
        assertThat(digest(killed)).isEqualTo(digest(clean));
    }

    private static final String KILLED_PULLER = "qms-killed-puller";

    /** Where a kill lands: just connected, inside a page's transaction, or right after some pages committed. */
    private enum KillPoint { CONNECTED, IN_TRANSACTION, PAGES_COMMITTED }

    /** The puller's open PostgreSQL sessions matching {@code and}. */
    private static long sessions(String and) throws SQLException {
        return single(Postgres.BASE, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + KILLED_PULLER
                + "'" + and);
    }

    /** The last event the station holds, 0 before the puller made its tables. */
    private static long progress(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('qms_events') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
        }
        return single(url, "SELECT coalesce(max(seq), 0) FROM qms_events");
    }

    private static Process puller(String[] args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sync-pull"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The content of every station table, as checksums (the pull time left out). */
    static Map<String, String> digest(String url) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("halls", String.join(",", rows(url, "SELECT hall || ' ' || seq || ' ' || hash || ' ' || "
                + "coalesce(broken_seq::text, '-') FROM qms_halls ORDER BY hall")));
        for (String[] t : new String[][] {{"qms_events", "hall, seq"}, {"qms_tickets", "hall, id"},
                {"qms_ratings", "hall, seq"}, {"qms_device_changes", "hall, seq"}}) {
            out.put(t[0], rows(url, "SELECT count(*) || ' ' || coalesce(md5(string_agg(row_to_json(x)::text, '|' ORDER BY "
                    + t[1] + ")), '-') FROM " + t[0] + " x").get(0));
        }
        return out;
    }

    static long single(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> rows(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private List<String> hallRows(String sql) {
        return hall.hall().store().read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
