package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuingTest {
    @TempDir
    Path dir;
    TestHall hall;

    @BeforeEach
    void start() {
        hall = TestHall.start(dir);
    }

    @AfterEach
    void stop() {
        hall.close();
    }

    @Test
    void sixteen_threads_issue_2000_tickets_with_gapless_unique_numbers_and_one_event_each() throws Exception {
        String[] services = {"id-card", "household", "certificate"};
        ConcurrentLinkedQueue<JsonNode> issued = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Http http = new Http(hall.hall().httpPort());
                for (int i = 0; i < 125; i++) {
                    String service = services[(thread + i) % 3];
                    Http.Resp r = http.post("/api/v1/tickets", "{\"service\":\"" + service + "\",\"requestId\":\"t"
                            + thread + "-" + i + "\"}", null);
                    assertThat(r.status()).as(r.raw()).isEqualTo(201);
                    issued.add(r.body());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        assertThat(issued).hasSize(2000);
        Map<String, List<Integer>> numbers = new TreeMap<>();
        for (JsonNode t : issued) {
            numbers.computeIfAbsent(t.get("service").asText(), k -> new ArrayList<>())
                    .add(Integer.parseInt(t.get("number").asText().substring(1)));
        }
        for (var e : numbers.entrySet()) {
            List<Integer> sorted = e.getValue().stream().sorted().toList();
            assertThat(sorted).as(e.getKey() + " numbers").doesNotHaveDuplicates();
            assertThat(sorted.get(0)).isEqualTo(1);
            assertThat(sorted.get(sorted.size() - 1)).as("gapless " + e.getKey()).isEqualTo(sorted.size());
        }
        List<JsonNode> events = hall.events("ticket.issued");
        assertThat(events).hasSize(2000);
        assertThat(events.stream().map(e -> e.get("ticket").asText()).distinct().count()).isEqualTo(2000);
        assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1);
    }

    @Test
    void second_press_with_same_request_id_returns_the_first_ticket() {
        Http.Resp first = hall.issue("id-card", "press-1");
        long head = hall.head().seq();
        Http.Resp again = hall.issue("id-card", "press-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(again.text("number")).isEqualTo("A001");
        assertThat(hall.head().seq()).isEqualTo(head);
        assertThat(hall.issue("id-card", "press-2").text("number")).isEqualTo("A002");
    }

    @Test
    void a_ticket_tells_the_citizen_what_to_bring_how_many_are_ahead_and_the_wait() {
        hall.issue("id-card", "a");
        hall.issue("id-card", "b");
        Http.Resp third = hall.issue("id-card", "c");

        assertThat(third.body().get("ahead").asInt()).isEqualTo(2);
        // no window open yet: the three that take id-card each take one of the three when they open
        assertThat(third.body().get("estimatedWaitMinutes").asInt()).isEqualTo(0);
        assertThat(third.body().get("materials").toString()).contains("户口簿", "本人到场");

        hall.login("1", "510001");
        hall.login("2", "510002");
        Http.Resp fourth = hall.issue("id-card", "d");
        assertThat(fourth.body().get("ahead").asInt()).isEqualTo(3);
        // windows 1 and 2 take a and b at once, c and d after 6 minutes (the seed mean)
        assertThat(fourth.body().get("estimatedWaitMinutes").asInt()).isEqualTo(6);
        Http.Resp fifth = hall.issue("id-card", "e");
        assertThat(fifth.body().get("estimatedWaitMinutes").asInt()).isEqualTo(12);

        Http.Resp status = hall.http().get("/api/v1/tickets/" + fourth.text("id"), null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().get("ahead").asInt()).isEqualTo(3);
        assertThat(status.body().path("ticket").path("state").asText()).isEqualTo("waiting");
    }

    @Test
    void a_service_outside_its_hours_refuses_with_service_closed_and_issues_nothing() {
        hall.clock.advance(Duration.ofHours(3)); // 13:00 in Shanghai; "morning" closes at 12:00
        long head = hall.head().seq();

        Http.Resp r = hall.issue("morning", "late");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("type")).isEqualTo("urn:qms:problem:service-closed");
        assertThat(r.text("detail")).contains("08:30–12:00");
        assertThat(hall.head().seq()).isEqualTo(head);
        JsonNode listed = find(hall.http().get("/api/v1/services", null).body().get("services"), "morning");
        assertThat(listed.get("open").asBoolean()).isFalse();
        assertThat(listed.get("closedReason").asText()).isEqualTo("closed");
    }

    @Test
    void a_service_at_its_daily_cap_refuses_with_service_full() {
        assertThat(hall.issue("morning", "m1").status()).isEqualTo(201);
        assertThat(hall.issue("morning", "m2").status()).isEqualTo(201);
        long head = hall.head().seq();

        Http.Resp r = hall.issue("morning", "m3");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("type")).isEqualTo("urn:qms:problem:service-full");
        assertThat(hall.head().seq()).isEqualTo(head);
        JsonNode listed = find(hall.http().get("/api/v1/services", null).body().get("services"), "morning");
        assertThat(listed.get("closedReason").asText()).isEqualTo("full");
    }

    @Test
    void the_green_channel_service_issues_green_priority_tickets() {
        assertThat(hall.issue("green", "g").text("priority")).isEqualTo("green");
        assertThat(hall.issue("id-card", "n").text("priority")).isEqualTo("normal");
    }

    static JsonNode find(JsonNode services, String code) {
        for (JsonNode s : services) {
            if (s.get("code").asText().equals(code)) {
                return s;
            }
        }
        throw new AssertionError("no service " + code);
    }
}
