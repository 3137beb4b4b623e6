package org.hallqms.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hallqms.support.Http;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Waiting targets, time limits and complaints, as the admin API and the retained alarms topic show them. */
class AlarmTest {
    private static final String TOPIC = "qms/demo-hall/alarms";

    @TempDir
    Path dir;

    private static List<String> active(TestHall hall) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : hall.http().get("/api/v1/alarms", TestHall.ADMIN).body().path("active")) {
            out.add(a.path("kind").asText() + ":" + a.path("number").asText());
        }
        return out;
    }

    private static boolean topicShows(MqttProbe probe, String... alarms) {
        List<MqttProbe.Msg> msgs = probe.on(TOPIC);
        if (msgs.isEmpty()) {
            return false;
        }
        List<String> shown = new ArrayList<>();
        for (JsonNode a : msgs.get(msgs.size() - 1).json().path("alarms")) {
            shown.add(a.path("kind").asText() + ":" + a.path("number").asText());
        }
        return shown.equals(List.of(alarms));
    }

    @Test
    void a_ticket_waiting_past_its_target_raises_an_alarm_that_clears_when_it_is_called() {
        try (TestHall hall = TestHall.start(dir, "QMS_ALARM_CHECK_SECONDS", "1");
             MqttProbe probe = hall.watcher(TOPIC)) {
            hall.issue("id-card", "a1");
            hall.issue("id-card", "a2");
            // id-card's target is the default 30 minutes; A002 comes 10 minutes later
            hall.clock.advance(Duration.ofMinutes(10));
            hall.issue("id-card", "a3");
            hall.clock.advance(Duration.ofMinutes(21));
            await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(probe, "wait-target:A001", "wait-target:A002"));
            assertThat(active(hall)).containsExactly("wait-target:A001", "wait-target:A002");

            String t = hall.login("2", "510002");
            hall.act("2", t, "call-next");
            await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(probe, "wait-target:A002"));
            assertThat(hall.events("alarm.cleared")).singleElement()
                    .satisfies(e -> assertThat(e.path("by").asText()).isEqualTo("called"));
            assertThat(hall.events("alarm.raised").get(0).path("limitMinutes").asInt()).isEqualTo(30);
        }
    }

    @Test
    void a_display_connecting_later_receives_the_active_alarms_as_retained() {
        try (TestHall hall = TestHall.start(dir)) {
            hall.issue("id-card", "a1");
            hall.clock.advance(Duration.ofMinutes(31));
            hall.hall().checkNow();
            try (MqttProbe first = hall.watcher(TOPIC)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(first, "wait-target:A001"));
            }
            try (MqttProbe late = hall.watcher(TOPIC)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(late, "wait-target:A001"));
                // the first message is the broker's retained copy (Moquette 0.17 leaves the RETAIN flag off)
                assertThat(late.on(TOPIC).get(0).json().path("alarms").get(0).path("number").asText()).isEqualTo("A001");
                assertThat(late.on(TOPIC).get(0).json().path("v").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_ticket_served_past_its_time_limit_raises_an_alarm_naming_window_and_officer_until_finished() {
        try (TestHall hall = TestHall.start(dir, "QMS_ALARM_CHECK_SECONDS", "1");
             MqttProbe probe = hall.watcher(TOPIC)) {
            hall.issue("household", "b1");
            String t = hall.login("4", "510004");
            hall.act("4", t, "call-next");
            hall.act("4", t, "start");
            // household's limit is 30 minutes
            hall.clock.advance(Duration.ofMinutes(29));
            hall.hall().checkNow();
            assertThat(active(hall)).isEmpty();
            hall.clock.advance(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(probe, "service-limit:B001"));
            JsonNode a = hall.http().get("/api/v1/alarms", TestHall.ADMIN).body().path("active").get(0);
            assertThat(a.path("counter").asText()).isEqualTo("4");
            assertThat(a.path("officer").asText()).isEqualTo("510004");
            assertThat(a.path("limitMinutes").asInt()).isEqualTo(30);

            hall.act("4", t, "finish", "{\"outcome\":\"done\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(probe));
            JsonNode stats = hall.http().get("/api/v1/stats", TestHall.ADMIN).body().path("alarms");
            assertThat(stats.path("byKind").path("service-limit").asInt()).isEqualTo(1);
            assertThat(stats.path("byOfficer").path("510004").path("service-limit").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_kiosk_complaint_opens_an_alarm_for_the_duty_officer_until_the_admin_clears_it() {
        try (TestHall hall = TestHall.start(dir);
             MqttProbe probe = hall.watcher(TOPIC)) {
            hall.issue("id-card", "a1");
            String t = hall.login("1", "510001");
            hall.act("1", t, "call-next");
            hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"reason\":\"policy\"}");

            String body = "{\"requestId\":\"c-1\",\"ticket\":\"A001\",\"reason\":\"policy\"}";
            Http.Resp r = hall.http().post("/api/v1/complaints", body, null);
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.text("message")).contains("值班民警");
            assertThat(hall.http().post("/api/v1/complaints", body, null).text("alarm")).isEqualTo(r.text("alarm"));
            await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(probe, "complaint:A001"));
            JsonNode a = hall.http().get("/api/v1/alarms", TestHall.ADMIN).body().path("active").get(0);
            assertThat(a.path("counter").asText()).isEqualTo("1");
            assertThat(a.path("officer").asText()).isEqualTo("510001");
            assertThat(a.path("reason").asText()).isEqualTo("policy");

            // without a ticket number it still reaches the duty officer
            assertThat(hall.http().post("/api/v1/complaints", "{\"requestId\":\"c-2\"}", null).status()).isEqualTo(201);
            // bad input: unknown reason, unknown ticket, no request id; none opens an alarm
            assertThat(hall.http().post("/api/v1/complaints", "{\"requestId\":\"c-3\",\"reason\":\"rude\"}", null).status())
                    .isEqualTo(400);
            assertThat(hall.http().post("/api/v1/complaints", "{\"requestId\":\"c-4\",\"ticket\":\"Z999\"}", null).text("type"))
                    .isEqualTo("urn:qms:problem:unknown-ticket");
            assertThat(hall.http().post("/api/v1/complaints", "{}", null).status()).isEqualTo(400);
            assertThat(active(hall)).hasSize(2);

            assertThat(hall.http().post("/api/v1/alarms/" + r.text("alarm") + "/clear", "{\"by\":\"值班 510003\"}", null)
                    .status()).isEqualTo(401);
            Http.Resp cleared = hall.http().post("/api/v1/alarms/" + r.text("alarm") + "/clear", "{\"by\":\"值班 510003\"}",
                    TestHall.ADMIN);
            assertThat(cleared.text("clearedBy")).isEqualTo("值班 510003");
            assertThat(hall.http().post("/api/v1/alarms/" + r.text("alarm") + "/clear", "", TestHall.ADMIN).text("type"))
                    .isEqualTo("urn:qms:problem:unknown-alarm");
            assertThat(hall.http().post("/api/v1/alarms/abc/clear", "", TestHall.ADMIN).status()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(60)).until(() -> topicShows(probe, "complaint:"));
            JsonNode stats = hall.http().get("/api/v1/stats", TestHall.ADMIN).body().path("alarms");
            assertThat(stats.path("byKind").path("complaint").asInt()).isEqualTo(2);
            assertThat(stats.path("complaintsByReason").path("policy").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_child_at_the_complaint_button_cannot_bury_the_duty_officer() {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < Alarms.MAX_OPEN_COMPLAINTS; i++) {
                assertThat(hall.http().post("/api/v1/complaints", "{\"requestId\":\"p" + i + "\"}", null).status())
                        .isEqualTo(201);
            }
            Http.Resp more = hall.http().post("/api/v1/complaints", "{\"requestId\":\"more\"}", null);
            assertThat(more.status()).isEqualTo(429);
            assertThat(more.text("type")).isEqualTo("urn:qms:problem:too-many-complaints");
        }
    }

    @Test
    void a_backlog_of_hundreds_past_target_keeps_the_alarms_topic_small_with_complaints_first_and_the_broker_connected() {
        try (TestHall hall = TestHall.start(dir);
             MqttProbe probe = hall.watcher(TOPIC)) {
            for (int i = 0; i < 400; i++) {
                hall.issue(i % 2 == 0 ? "id-card" : "certificate", "b" + i);
            }
            hall.clock.advance(Duration.ofMinutes(31));
            hall.http().post("/api/v1/complaints", "{\"requestId\":\"c\"}", null);
            hall.hall().checkNow();
            await().atMost(Duration.ofSeconds(60)).until(() -> !probe.on(TOPIC).isEmpty()
                    && probe.on(TOPIC).get(probe.on(TOPIC).size() - 1).json().path("total").asInt() == 401);
            JsonNode last = probe.on(TOPIC).get(probe.on(TOPIC).size() - 1).json();
            assertThat(last.path("alarms")).hasSize(Alarms.TOPIC_LIMIT);
            assertThat(last.path("alarms").get(0).path("kind").asText()).isEqualTo("complaint");
            assertThat(last.path("alarms").get(1).path("number").asText()).isEqualTo("A001");
            assertThat(last.path("byKind").path("wait-target").asInt()).isEqualTo(400);
            assertThat(probe.on(TOPIC).get(probe.on(TOPIC).size() - 1).text().length()).isLessThan(64 * 1024);
            assertThat(hall.http().get("/health", null).body().path("broker").path("connected").asBoolean()).isTrue();
        }
    }
}
