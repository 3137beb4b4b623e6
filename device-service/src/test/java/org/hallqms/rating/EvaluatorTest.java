package org.hallqms.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hallqms.store.EventHead;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
    static final String ROOT = "qms/demo-hall/";
    @TempDir
    Path dir;
    TestHall hall;
    MqttProbe device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
        if (hall != null) {
            hall.close();
        }
    }

    /** Serves one ticket at counter 1 and returns the session that eval-1 then shows. */
    private String serveOne(String token, String request) {
        hall.issue("id-card", request);
        hall.act("1", token, "call-next");
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        String number = hall.events("ticket.finished").get(hall.events("ticket.finished").size() - 1).path("number").asText();
        return device.await(ROOT + "evaluators/eval-1/session",
                s -> s.path("state").asText().equals("open") && s.path("ticket").asText().equals(number))
                .json().path("session").asText();
    }

    private JsonNode send(String evaluator, String id, String body) {
        return device.request(ROOT + "evaluators/" + evaluator + "/rating", body, ROOT + "devices/" + evaluator + "/ack",
                a -> id.equals(a.path("id").asText(null))).json();
    }

    private static String rating(String id, String session, Object level, String reasons) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"session\":\"" + session + "\",\"level\":" + level
                + (reasons == null ? "" : ",\"reasons\":" + reasons) + ",\"at\":\"2026-11-27T10:00:00+08:00\"}";
    }

    private void start(String... env) {
        hall = TestHall.start(dir, env);
        device = hall.devices(ROOT + "evaluators/+/session", ROOT + "devices/+/ack");
    }

    @Test
    void a_finished_ticket_opens_a_session_and_its_rating_is_bound_to_the_officer_who_served() {
        start();
        String token = hall.login("1", "510001");
        String session = serveOne(token, "a");
        JsonNode shown = device.await(ROOT + "evaluators/eval-1/session", s -> s.path("session").asText().equals(session)).json();
        assertThat(shown.path("officer").asText()).isEqualTo("510001");
        assertThat(shown.path("officerName").asText()).isEqualTo("张警官");
        assertThat(shown.path("counter").asText()).isEqualTo("1");
        assertThat(shown.path("service").asText()).isEqualTo("id-card");
        assertThat(shown.path("expiresAt").asText()).isNotBlank();

        JsonNode ack = send("eval-1", "r1", rating("r1", session, 5, null));

        assertThat(ack.path("ok").asBoolean()).as(ack.toString()).isTrue();
        assertThat(hall.events("rating.recorded")).singleElement().satisfies(e -> {
            assertThat(e.path("level").asInt()).isEqualTo(5);
            assertThat(e.path("officer").asText()).isEqualTo("510001");
            assertThat(e.path("counter").asText()).isEqualTo("1");
            assertThat(e.path("service").asText()).isEqualTo("id-card");
            assertThat(e.path("number").asText()).isEqualTo("A001");
        });
        device.await(ROOT + "evaluators/eval-1/session", s -> s.path("state").asText().equals("closed")
                && s.path("result").asText().equals("rated"));
    }

    @Test
    void every_bad_rating_gets_its_error_code_and_changes_nothing() {
        start();
        String token = hall.login("1", "510001");
        hall.login("3", "510003");
        EventHead before = hall.head();
        assertThat(send("eval-1", "e0", rating("e0", "none", 5, null)).path("error").asText()).isEqualTo("no_open_session");
        String session = serveOne(token, "a");
        before = hall.head();

        assertThat(send("eval-1", "e1", "{\"v\":1,\"id\":\"e1\",\"session\":").path("error").asText()).isEqualTo("malformed");
        assertThat(send("eval-1", "e2", rating("e2", session, "\"five\"", null)).path("error").asText()).isEqualTo("malformed");
        assertThat(send("eval-99", "e3", rating("e3", session, 5, null)).path("error").asText()).isEqualTo("unknown_device");
        assertThat(send("screen-1", "e4", rating("e4", session, 5, null)).path("error").asText()).isEqualTo("unknown_device");
        assertThat(send("eval-3", "e5", rating("e5", session, 5, null)).path("error").asText()).isEqualTo("not_bound");
        assertThat(send("eval-1", "e6", rating("e6", "0000000000000000", 5, null)).path("error").asText())
                .isEqualTo("session_mismatch");
        assertThat(send("eval-1", "e7", rating("e7", session, 6, null)).path("error").asText()).isEqualTo("level_out_of_range");
        assertThat(send("eval-1", "e8", rating("e8", session, 0, null)).path("error").asText()).isEqualTo("level_out_of_range");
        assertThat(send("eval-1", "e9", rating("e9", session, 1, null)).path("error").asText()).isEqualTo("reasons_required");
        assertThat(send("eval-1", "e10", rating("e10", session, 2, "[]")).path("error").asText()).isEqualTo("reasons_required");
        assertThat(send("eval-1", "e11", rating("e11", session, 1, "[\"rude\"]")).path("error").asText())
                .isEqualTo("reasons_required");
        assertThat(hall.head()).as("no refused rating changed anything").isEqualTo(before);

        assertThat(send("eval-1", "ok1", rating("ok1", session, 1, "[\"attitude\",\"slow\"]")).path("ok").asBoolean()).isTrue();
        before = hall.head();
        assertThat(send("eval-1", "e12", rating("e12", session, 4, null)).path("error").asText()).isEqualTo("duplicate");
        assertThat(hall.head()).isEqualTo(before);
        assertThat(hall.events("rating.recorded")).singleElement().satisfies(e ->
                assertThat(e.path("reasons").toString()).contains("attitude", "slow"));
        int stored = hall.hall().store().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM ratings")) {
                return rs.getInt(1);
            }
        });
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void a_repeated_message_id_gets_the_first_ack_again_and_records_nothing() {
        start();
        String token = hall.login("1", "510001");
        String session = serveOne(token, "a");
        JsonNode first = send("eval-1", "same", rating("same", session, 4, null));
        EventHead after = hall.head();

        device.publish(ROOT + "evaluators/eval-1/rating", rating("same", session, 1, "[\"attitude\"]"));
        await().atMost(Duration.ofSeconds(60)).until(() -> device.on(ROOT + "devices/eval-1/ack").size() == 2);

        List<MqttProbe.Msg> acks = device.on(ROOT + "devices/eval-1/ack");
        assertThat(acks.get(1).json()).isEqualTo(first);
        assertThat(hall.head()).isEqualTo(after);
        assertThat(hall.events("rating.recorded")).singleElement()
                .satisfies(e -> assertThat(e.path("level").asInt()).isEqualTo(4));
    }

    @Test
    void two_ratings_racing_for_one_session_record_exactly_one() {
        start();
        String token = hall.login("1", "510001");
        String session = serveOne(token, "a");
        for (int i = 0; i < 20; i++) {
            device.publish(ROOT + "evaluators/eval-1/rating", rating("race" + i, session, 1 + i % 5, "[\"slow\"]"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> device.on(ROOT + "devices/eval-1/ack").size() == 20);
        long ok = device.on(ROOT + "devices/eval-1/ack").stream().filter(m -> m.json().path("ok").asBoolean()).count();
        assertThat(ok).isEqualTo(1);
        assertThat(device.on(ROOT + "devices/eval-1/ack").stream().filter(m -> !m.json().path("ok").asBoolean())
                .map(m -> m.json().path("error").asText()).distinct()).containsExactly("duplicate");
        assertThat(hall.events("rating.recorded")).hasSize(1);
    }

    @Test
    void a_session_nobody_rates_closes_as_not_rated_when_its_time_is_up() {
        start("QMS_RATING_TIMEOUT_SECONDS", "1");
        String token = hall.login("1", "510001");
        String session = serveOne(token, "a");

        device.await(ROOT + "evaluators/eval-1/session", s -> s.path("session").asText().equals(session)
                && s.path("state").asText().equals("closed"));

        assertThat(hall.events("rating.not_rated")).singleElement()
                .satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("timeout"));
        assertThat(send("eval-1", "late", rating("late", session, 5, null)).path("error").asText()).isEqualTo("no_open_session");
    }

    @Test
    void finishing_the_next_citizen_first_closes_the_unrated_session() {
        start();
        String token = hall.login("1", "510001");
        String first = serveOne(token, "a");
        String second = serveOne(token, "b");

        assertThat(second).isNotEqualTo(first);
        assertThat(hall.events("rating.not_rated")).singleElement()
                .satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("superseded"));
        assertThat(send("eval-1", "r", rating("r", second, 5, null)).path("ok").asBoolean()).isTrue();
    }
}
