package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterCycleTest {
    @TempDir
    Path dir;
    TestHall hall;

    @AfterEach
    void stop() {
        if (hall != null) {
            hall.close();
        }
    }

    /** Calls next, finishes it, and returns the number called. */
    private String serveNext(String counter, String token) {
        Http.Resp r = hall.act(counter, token, "call-next");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        String number = r.body().path("ticket").path("number").asText();
        assertThat(hall.act(counter, token, "finish", "{\"outcome\":\"done\"}").status()).isEqualTo(200);
        return number;
    }

    @Test
    void green_channel_goes_first_but_after_a_run_of_two_the_oldest_normal_ticket_is_called() {
        hall = TestHall.start(dir, "QMS_PRIORITY_RUN", "2");
        for (int i = 0; i < 3; i++) {
            hall.issue("id-card", "n" + i);
        }
        for (int i = 0; i < 4; i++) {
            hall.issue("green", "g" + i);
        }
        String token = hall.login("1", "510001");

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            order.add(serveNext("1", token));
        }

        assertThat(order).containsExactly("G001", "G002", "A001", "G003", "G004", "A002", "A003");
    }

    @Test
    void a_counter_takes_only_tickets_of_its_own_services() {
        hall = TestHall.start(dir);
        hall.issue("household", "h");
        String token = hall.login("2", "510002"); // id-card and certificate only

        Http.Resp r = hall.act("2", token, "call-next");

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("type")).isEqualTo("urn:qms:problem:queue-empty");
        String t4 = hall.login("4", "510004");
        assertThat(serveNext("4", t4)).isEqualTo("B001");
    }

    @Test
    void a_transferred_ticket_keeps_its_original_place_in_the_new_queue() {
        hall = TestHall.start(dir);
        hall.issue("id-card", "a1");
        hall.issue("household", "b1");
        hall.issue("household", "b2");
        String t1 = hall.login("1", "510001");
        String t4 = hall.login("4", "510004");
        assertThat(hall.act("1", t1, "call-next").body().path("ticket").path("number").asText()).isEqualTo("A001");

        Http.Resp moved = hall.act("1", t1, "transfer", "{\"service\":\"household\"}");

        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(moved.body().has("ticket")).isFalse();
        assertThat(serveNext("4", t4)).isEqualTo("A001");
        assertThat(serveNext("4", t4)).isEqualTo("B001");
        assertThat(hall.events("ticket.transferred")).singleElement()
                .satisfies(e -> assertThat(e.get("toService").asText()).isEqualTo("household"));
    }

    @Test
    void a_ticket_transferred_to_a_counter_is_that_counters_next_call() {
        hall = TestHall.start(dir);
        hall.issue("id-card", "a1");
        hall.issue("id-card", "a2");
        hall.issue("id-card", "a3");
        String t1 = hall.login("1", "510001");
        String t2 = hall.login("2", "510002");
        hall.act("1", t1, "call-next");
        hall.act("1", t1, "call-next"); // busy: refused, changes nothing
        hall.act("1", t1, "start");

        assertThat(hall.act("1", t1, "transfer", "{\"counter\":\"2\"}").status()).isEqualTo(200);

        assertThat(serveNext("2", t2)).isEqualTo("A001");
        assertThat(serveNext("2", t2)).isEqualTo("A002");
    }

    @Test
    void recalls_stop_at_the_limit_and_a_no_show_is_not_called_again_unless_asked_for_by_number() {
        hall = TestHall.start(dir, "QMS_MAX_RECALLS", "2");
        hall.issue("id-card", "a1");
        hall.issue("id-card", "a2");
        String t = hall.login("1", "510001");
        hall.act("1", t, "call-next");

        assertThat(hall.act("1", t, "recall").status()).isEqualTo(200);
        assertThat(hall.act("1", t, "recall").status()).isEqualTo(200);
        Http.Resp third = hall.act("1", t, "recall");
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.text("type")).isEqualTo("urn:qms:problem:recall-limit");
        assertThat(hall.events("ticket.recalled")).extracting(e -> e.get("recall").asInt()).containsExactly(1, 2);

        assertThat(hall.act("1", t, "no-show").status()).isEqualTo(200);
        Http.Resp recallAfter = hall.act("1", t, "recall");
        assertThat(recallAfter.status()).isEqualTo(409);
        assertThat(recallAfter.text("type")).isEqualTo("urn:qms:problem:no-current-ticket");

        assertThat(serveNext("1", t)).isEqualTo("A002");
        Http.Resp back = hall.act("1", t, "call", "{\"ticket\":\"A001\"}");
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
        assertThat(back.body().path("ticket").path("state").asText()).isEqualTo("called");
        assertThat(back.body().path("ticket").path("recalls").asInt()).isZero();
    }

    @Test
    void finishing_incomplete_returns_the_one_time_notice_with_missing_materials_and_time_limit() {
        hall = TestHall.start(dir);
        hall.issue("id-card", "a1");
        String t = hall.login("1", "510001");
        hall.act("1", t, "call-next");
        hall.act("1", t, "start");

        Http.Resp r = hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"missing\":[\"户口簿\"]}");

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("notice").path("missing").toString()).contains("户口簿");
        assertThat(r.body().path("notice").path("timeLimitMinutes").asInt()).isEqualTo(20);
        assertThat(r.body().path("notice").path("contact").asText()).isEqualTo("咨询电话 12345");
        assertThat(hall.events("ticket.finished")).singleElement().satisfies(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("incomplete");
            assertThat(e.get("officer").asText()).isEqualTo("510001");
        });
    }

    @Test
    void a_paused_counter_calls_nobody_until_resumed() {
        hall = TestHall.start(dir);
        hall.issue("id-card", "a1");
        String t = hall.login("1", "510001");
        assertThat(hall.act("1", t, "pause", "{\"reason\":\"午休\"}").body().path("state").asText()).isEqualTo("paused");

        Http.Resp r = hall.act("1", t, "call-next");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("type")).isEqualTo("urn:qms:problem:counter-paused");

        assertThat(hall.act("1", t, "resume").body().path("state").asText()).isEqualTo("open");
        assertThat(hall.act("1", t, "call-next").status()).isEqualTo(200);
    }

    @Test
    void two_counters_calling_next_at_the_same_instant_500_times_never_get_the_same_ticket() throws Exception {
        hall = TestHall.start(dir);
        for (int i = 0; i < 1000; i++) {
            assertThat(hall.issue(i % 2 == 0 ? "id-card" : "certificate", "r" + i).status()).isEqualTo(201);
        }
        String t3 = hall.login("3", "510003");
        String t2 = hall.login("2", "510002");
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<String>>> results = new ArrayList<>();
        for (String[] c : new String[][] {{"3", t3}, {"2", t2}}) {
            results.add(pool.submit(() -> {
                Http http = new Http(hall.hall().httpPort());
                List<String> called = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    barrier.await();
                    Http.Resp r = http.post("/api/v1/counters/" + c[0] + "/call-next", "", c[1]);
                    assertThat(r.status()).as(r.raw()).isEqualTo(200);
                    called.add(r.body().path("ticket").path("id").asText());
                    assertThat(http.post("/api/v1/counters/" + c[0] + "/finish", "{\"outcome\":\"done\"}", c[1])
                            .status()).isEqualTo(200);
                }
                return called;
            }));
        }
        Set<String> all = new HashSet<>();
        int total = 0;
        for (Future<List<String>> f : results) {
            total += f.get().size();
            all.addAll(f.get());
        }
        pool.shutdown();

        assertThat(total).isEqualTo(1000);
        assertThat(all).hasSize(1000);
        assertThat(hall.events("ticket.called")).hasSize(1000);
    }
}
