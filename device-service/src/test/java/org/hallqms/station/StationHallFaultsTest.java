package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hallqms.station.StationView.CaseAction;
import org.hallqms.station.StationView.CaseActionRefused;
import org.hallqms.station.StationView.HallSummary;
import org.hallqms.store.EventHead;
import org.hallqms.support.FreePort;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Halls that hang, refuse the station's token, or no longer verify: what the station shows and forwards. */
class StationHallFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
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

    private TestHall hall(String name) throws IOException {
        TestHall h = TestHall.start(Files.createDirectories(dir.resolve(name)));
        open.add(h);
        return h;
    }

    private static URI url(TestHall h) {
        return URI.create("http://127.0.0.1:" + h.hall().httpPort());
    }

    private StationSide station(Map<String, URI> halls, Map<String, String> tokens, Map<String, Path> tokenFiles,
                                Duration interval, Clock clock) throws Exception {
        StationSide s = StationSide.start(pg, halls, tokens, tokenFiles, null, interval, clock);
        open.add(s);
        return s;
    }

    private StationSide station(Map<String, URI> halls) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        halls.keySet().forEach(h -> tokens.put(h, TestHall.SYNC));
        return station(halls, tokens, Map.of(), Duration.ofMillis(200), Clock.systemUTC());
    }

    private static HallSummary summary(StationSide s, String hall) {
        return s.view().halls(null).stream().filter(h -> h.hall().equals(hall)).findFirst().orElseThrow();
    }

    /** A frozen hall as the network sees it: connections are accepted, requests read by nobody, never answered. */
    private URI mute() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "mute-hall");
        t.setDaemon(true);
        t.start();
        open.add(() -> {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void deleteEvent(String hall, long seq) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(hall + "/data/qms.db"));
             Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM events WHERE seq = " + seq)).isEqualTo(1);
        }
    }

    @Test
    void a_case_action_sent_to_a_hall_that_never_answers_is_refused_504_as_perhaps_taken_not_as_undone()
            throws Exception {
        StationSide s = station(Map.of("frozen", mute()));

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> s.view().act("frozen", "C20261127-001", new CaseAction.Resolve("已处理", null), "张三"))
                .isInstanceOfSatisfying(CaseActionRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.type()).isEqualTo("urn:qms:problem:hall-timeout");
                    assertThat(e.getMessage()).contains("may have taken it").contains("once it is pulled")
                            .contains("same text again is safe");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        // a hall that takes no connection at all did nothing: that stays 503 (StationSideTest's "gone" hall)
        StationSide gone = station(Map.of("gone", URI.create("http://127.0.0.1:" + FreePort.find())));
        assertThatThrownBy(() -> gone.view().act("gone", "C20261127-001", new CaseAction.Dismiss("重复"), "张三"))
                .isInstanceOfSatisfying(CaseActionRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("urn:qms:problem:hall-unreachable");
                });
    }

    @Test
    void a_hall_that_takes_requests_and_never_answers_shows_no_answer_within_15_seconds_and_no_lag_figure()
            throws Exception {
        TestHall east = hall("east");
        Map<String, URI> halls = new LinkedHashMap<>();
        halls.put("frozen", mute());
        halls.put("east", url(east));
        StationSide s = station(halls);

        await().atMost(Duration.ofSeconds(25)).until(() -> summary(s, "frozen").lastError() != null);
        HallSummary frozen = summary(s, "frozen");
        assertThat(frozen.lastError()).matches("no answer for \\d+ s");
        assertThat(frozen.lagEvents()).isNull();
        assertThat(frozen.broken()).isFalse();
        await().atMost(WAIT).until(() -> Long.valueOf(0).equals(summary(s, "east").lagEvents()));
        assertThat(summary(s, "east").lastError()).isNull();
    }

    @Test
    void a_hall_never_pulled_or_broken_has_no_lag_figure_rather_than_zero() throws Exception {
        TestHall east = hall("east");
        BusyHall.fill(east, 200, 5);
        deleteEvent("east", 50);
        Map<String, URI> halls = new LinkedHashMap<>();
        halls.put("east", url(east));
        halls.put("gone", URI.create("http://127.0.0.1:" + FreePort.find()));
        StationSide s = station(halls);

        await().atMost(WAIT).until(() -> summary(s, "east").broken() && summary(s, "gone").lastError() != null);
        assertThat(summary(s, "east").lagEvents()).as("broken: the hall is ahead by an unknown amount").isNull();
        assertThat(summary(s, "gone").lagEvents()).as("never reached").isNull();
        assertThat(summary(s, "gone").pulledAt()).isNull();
    }

    @Test
    void a_rotated_token_file_is_read_again_and_a_refused_token_is_not_retried_every_interval() throws Exception {
        TestHall east = hall("east");
        StationHalls.issue(east, 3, "before");
        Path file = dir.resolve("east.token");
        Files.writeString(file, "the-old-sync-token-0123456789\n");
        List<String> problems = new ArrayList<>();
        StationFlags flags = StationFlags.check(pg, List.of("east=" + url(east)), List.of("east=@" + file), null,
                problems);
        assertThat(problems).isEmpty();
        StationSide s = station(flags.halls(), flags.tokens(), flags.tokenFiles(), Duration.ofSeconds(1), east.clock);

        await().atMost(WAIT).until(() -> String.valueOf(summary(s, "east").lastError()).contains("HTTP 401"));
        assertThat(summary(s, "east").lastError()).contains("next try in 10 s");
        long failed = failedCredentials(east);
        // at one round a second, four more failures would be counted here, and ten a minute lock the address
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> failedCredentials(east) == failed);

        Files.writeString(file, TestHall.SYNC + "\n");
        // well before the ten seconds' wait ends: the changed file is the signal to try again
        await().atMost(Duration.ofSeconds(5)).until(() -> summary(s, "east").lastError() == null
                && summary(s, "east").today().issued() == 3);
        assertThat(failedCredentials(east)).isEqualTo(failed);
        StationHalls.issue(east, 1, "after");
        await().atMost(WAIT).until(() -> summary(s, "east").today().issued() == 4);
    }

    private static long failedCredentials(TestHall hall) {
        return hall.http().get("/health", null).body().path("auth").path("failed").asLong();
    }

    @Test
    void a_case_action_on_a_hall_whose_chain_is_broken_is_refused_409_and_the_hall_logs_nothing() throws Exception {
        TestHall east = hall("east");
        BusyHall.fill(east, 200, 5);
        deleteEvent("east", 150);
        StationSide s = station(Map.of("east", url(east)));
        await().atMost(WAIT).until(() -> summary(s, "east").broken());
        EventHead head = east.head();

        assertThatThrownBy(() -> s.view().act("east", "C20261127-001", new CaseAction.Resolve("已核实", null), "张三"))
                .isInstanceOfSatisfying(CaseActionRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo("urn:qms:problem:hall-broken");
                    assertThat(e.getMessage()).contains("event 150 is missing").contains("链断裂");
                });
        assertThat(east.head()).isEqualTo(head);
        assertThat(east.events("case.resolved")).isEmpty();
    }
}
