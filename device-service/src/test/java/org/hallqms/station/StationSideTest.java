package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hallqms.station.StationView.CaseAction;
import org.hallqms.station.StationView.CaseActionRefused;
import org.hallqms.station.StationView.HallSummary;
import org.hallqms.station.StationView.Today;
import org.hallqms.support.FreePort;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station process's data side: real halls pulled continuously into the machine's real PostgreSQL. */
class StationSideTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    @TempDir
    Path dir;
    private String pg;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void schema() {
        Postgres.requireServer();
        pg = Postgres.freshSchema();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        Postgres.dropSchema(pg);
    }

    private TestHall hall(String name, String... env) throws java.io.IOException {
        TestHall h = TestHall.start(java.nio.file.Files.createDirectories(dir.resolve(name)), env);
        open.add(h);
        return h;
    }

    private static URI url(TestHall h) {
        return URI.create("http://127.0.0.1:" + h.hall().httpPort());
    }

    private StationSide station(Clock clock, Map<String, URI> halls) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        halls.keySet().forEach(h -> tokens.put(h, TestHall.SYNC));
        StationSide s = StationSide.start(pg, halls, tokens, Map.of(), null, Duration.ofMillis(200), clock);
        open.add(s);
        return s;
    }

    private static HallSummary summary(StationSide s, String hall) {
        return s.view().halls(null).stream().filter(h -> h.hall().equals(hall)).findFirst().orElseThrow();
    }

    @Test
    void two_halls_pulled_continuously_into_one_schema_each_show_their_own_today() throws Exception {
        TestHall east = hall("east");
        TestHall west = hall("west");
        StationSide s = station(east.clock, Map.of("east", url(east), "west", url(west)));

        // after the station started: it keeps pulling
        StationHalls.morning(east);
        StationHalls.issue(west, 2, "west");

        await().atMost(WAIT).until(() -> summary(s, "east").today().done() == 2 && summary(s, "west").today().issued() == 2
                && Long.valueOf(0).equals(summary(s, "east").lagEvents()) && summary(s, "east").today().rated() == 2);
        HallSummary e = summary(s, "east");
        assertThat(e.today()).isEqualTo(new Today(4, 1, 2, 1, 0, (10 + 20 + 20) / 3.0, 20.0, 2, 0.5, 1,
                e.today().openCases(), e.today().overdueCases(), 0));
        assertThat(e.pulledAt()).isNotNull();
        assertThat(e.broken()).isFalse();
        assertThat(e.lastError()).isNull();
        assertThat(e.url()).isEqualTo(url(east).toString());
        HallSummary w = summary(s, "west");
        assertThat(w.today().issued()).isEqualTo(2);
        assertThat(w.today().waiting()).isEqualTo(2);
        assertThat(w.today().meanWaitMinutes()).as("no ticket called yet").isNull();
        assertThat(w.today().goodRate()).as("nothing rated").isNull();
        await().atMost(WAIT).until(() -> SyncPullTest.single(pg, "SELECT seq FROM qms_halls WHERE hall = 'east'")
                == east.head().seq() && SyncPullTest.single(pg, "SELECT seq FROM qms_halls WHERE hall = 'west'")
                == west.head().seq());
        // a hall leader's view holds their hall only
        assertThat(s.view().halls(java.util.Set.of("west"))).extracting(HallSummary::hall).containsExactly("west");

        StationView.HallDay day = s.view().day("east", TODAY).orElseThrow();
        assertThat(day.ratingsByLevel()).containsExactly(Map.entry(1, 1), Map.entry(5, 1));
        assertThat(day.bad()).singleElement().satisfies(b -> {
            assertThat(b.level()).isEqualTo(1);
            assertThat(b.reasons()).containsExactly("attitude");
            assertThat(b.officer()).isEqualTo("510001");
        });
        assertThat(day.windows()).singleElement().satisfies(win -> {
            assertThat(win.counter()).isEqualTo("1");
            assertThat(win.served()).isEqualTo(2);
            assertThat(win.rated()).isEqualTo(2);
            assertThat(win.bad()).isEqualTo(1);
        });
        assertThat(day.hours()).extracting(StationView.HourRow::issued).containsExactly(4);
        assertThat(s.view().day("nowhere", TODAY)).isEmpty();
        assertThat(s.view().officers(TODAY, TODAY, null)).singleElement().satisfies(o -> {
            assertThat(o.hall()).isEqualTo("east");
            assertThat(o.served()).isEqualTo(2);
            assertThat(o.badReasons()).containsExactly(Map.entry("attitude", 1));
        });
        assertThat(s.view().report(TODAY, TODAY, null)).extracting(r -> r.hall() + " " + r.service() + " " + r.issued()
                + " " + r.done() + " " + r.noShow() + " " + r.rated() + " " + r.bad())
                .containsExactly("east id-card 4 2 1 2 1", "west id-card 2 0 0 0 0");
    }

    @Test
    void a_stopped_hall_shows_why_while_the_other_is_still_pulled_and_it_catches_up_when_back() throws Exception {
        TestHall east = hall("east", "QMS_HTTP_PORT", Integer.toString(FreePort.find()));
        TestHall west = hall("west");
        StationSide s = station(east.clock, Map.of("east", url(east), "west", url(west)));
        await().atMost(WAIT).until(() -> summary(s, "east").pulledAt() != null && summary(s, "west").pulledAt() != null);

        east.restart(() -> {
            await().atMost(WAIT).until(() -> String.valueOf(summary(s, "east").lastError()).startsWith("unreachable"));
            assertThat(summary(s, "east").lagEvents()).as("not known while down").isNull();
            StationHalls.issue(west, 3, "while-east-is-down");
            await().atMost(WAIT).until(() -> summary(s, "west").today().issued() == 3);
            assertThat(summary(s, "west").lastError()).isNull();
            assertThat(summary(s, "east").broken()).isFalse();
        });
        StationHalls.issue(east, 2, "after-restart");

        await().atMost(WAIT).until(() -> summary(s, "east").lastError() == null && summary(s, "east").today().issued() == 2);
        await().atMost(WAIT).until(() -> SyncPullTest.single(pg, "SELECT seq FROM qms_halls WHERE hall = 'east'")
                == east.head().seq());
        assertThat(summary(s, "east").lagEvents()).isZero();
    }

    @Test
    void a_hall_answering_garbage_or_nothing_at_all_holds_up_no_other_hall() throws Exception {
        HttpServer junk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        junk.createContext("/", x -> {
            byte[] b = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        // and one that takes the request and never answers
        CountDownLatch never = new CountDownLatch(1);
        junk.createContext("/slow/", x -> {
            try {
                never.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        junk.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        junk.start();
        open.add(() -> junk.stop(0));
        open.add(never::countDown);
        TestHall east = hall("east");
        URI base = URI.create("http://127.0.0.1:" + junk.getAddress().getPort());
        Map<String, URI> halls = new LinkedHashMap<>();
        halls.put("junk", base);
        halls.put("slow", base.resolve("/slow/"));
        halls.put("east", url(east));
        StationSide s = station(east.clock, halls);

        StationHalls.issue(east, 5, "busy");

        await().atMost(WAIT).until(() -> summary(s, "east").today().issued() == 5);
        await().atMost(WAIT).until(() -> summary(s, "junk").lastError() != null);
        assertThat(summary(s, "junk").lastError()).startsWith("garbage: not a page of events");
        assertThat(summary(s, "junk").pulledAt()).isNull();
        assertThat(summary(s, "slow").pulledAt()).isNull();
        assertThat(summary(s, "east").lastError()).isNull();
        // and it keeps going while the slow one still hangs
        StationHalls.issue(east, 1, "more");
        await().atMost(WAIT).until(() -> summary(s, "east").today().issued() == 6);
        assertThat(SyncPullTest.single(pg, "SELECT count(*) FROM qms_events WHERE hall IN ('junk', 'slow')")).isZero();
    }

    @Test
    void a_tampered_hall_is_shown_broken_with_its_verified_rows_kept_while_the_other_goes_on() throws Exception {
        TestHall east = hall("east");
        TestHall west = hall("west");
        BusyHall.fill(east, 200, 5);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("east/data/qms.db"));
             Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM events WHERE seq = 50")).isEqualTo(1);
        }
        StationSide s = station(west.clock, Map.of("east", url(east), "west", url(west)));

        await().atMost(WAIT).until(() -> summary(s, "east").broken());
        assertThat(summary(s, "east").brokenReason()).contains("event 50 is missing");
        assertThat(SyncPullTest.single(pg, "SELECT max(seq) FROM qms_events WHERE hall = 'east'")).isEqualTo(49);
        StationHalls.issue(west, 2, "west");
        await().atMost(WAIT).until(() -> summary(s, "west").today().issued() == 2);
        assertThat(summary(s, "east").broken()).isTrue();
        assertThat(SyncPullTest.single(pg, "SELECT max(seq) FROM qms_events WHERE hall = 'east'")).isEqualTo(49);
    }

    @Test
    void a_case_action_for_an_unreachable_hall_is_refused_503_and_writes_nothing() throws Exception {
        Map<String, URI> halls = Map.of("gone", URI.create("http://127.0.0.1:" + FreePort.find()));
        StationSide s = station(Clock.systemUTC(), halls);
        await().atMost(WAIT).until(() -> summary(s, "gone").lastError() != null);
        Map<String, String> before = SyncPullTest.digest(pg);

        assertThatThrownBy(() -> s.view().act("gone", "C20261127-001", new CaseAction.Resolve("已处理", null), "张三"))
                .isInstanceOfSatisfying(CaseActionRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("urn:qms:problem:hall-unreachable");
                });
        // bad input the console may pass through: a hall not configured, a case id that cannot be one
        assertThatThrownBy(() -> s.view().act("nowhere", "C20261127-001", new CaseAction.Dismiss("重复"), "张三"))
                .isInstanceOfSatisfying(CaseActionRefused.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> s.view().act("gone", "../sync/events", new CaseAction.Callback("已回访"), "张三"))
                .isInstanceOfSatisfying(CaseActionRefused.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(SyncPullTest.digest(pg)).isEqualTo(before);
        assertThat(SyncPullTest.single(pg, "SELECT count(*) FROM qms_cases")).isZero();
    }

    @Test
    void closing_the_station_twice_is_harmless_and_stops_its_pulls() throws Exception {
        TestHall east = hall("east");
        StationSide s = station(east.clock, Map.of("east", url(east)));
        await().atMost(WAIT).until(() -> summary(s, "east").pulledAt() != null);
        s.close();
        s.close();
        long held = SyncPullTest.single(pg, "SELECT seq FROM qms_halls WHERE hall = 'east'");
        StationHalls.issue(east, 1, "after-close");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                SyncPullTest.single(pg, "SELECT seq FROM qms_halls WHERE hall = 'east'") == held);
    }
}
