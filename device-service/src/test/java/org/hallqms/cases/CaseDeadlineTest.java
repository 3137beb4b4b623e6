package org.hallqms.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hallqms.config.ConfigException;
import org.hallqms.config.ConfigLoader;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missed deadlines are logged once per case and deadline, with one alarm each, across restarts. */
class CaseDeadlineTest {
    @TempDir
    Path dir;

    private static List<String> activeAlarms(TestHall hall) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : hall.http().get("/api/v1/alarms", TestHall.ADMIN).body().path("active")) {
            out.add(a.path("kind").asText() + ":" + a.path("reason").asText() + ":" + a.path("number").asText());
        }
        return out;
    }

    @Test
    void a_missed_callback_is_logged_once_with_one_alarm_even_after_a_restart() {
        try (TestHall hall = TestHall.start(dir, "QMS_ALARM_CHECK_SECONDS", "300")) {
            CaseAnswerTest.badRating(hall, "a");
            String id = "C20261127-001";
            hall.clock.advance(Duration.ofHours(23).plusMinutes(59));
            hall.hall().checkNow();
            assertThat(hall.events("case.overdue")).isEmpty();
            assertThat(hall.http().get("/api/v1/cases/" + id, TestHall.ADMIN).body().path("overdue").asBoolean()).isFalse();

            hall.clock.advance(Duration.ofMinutes(2));
            hall.hall().checkNow();
            hall.hall().checkNow();
            assertThat(hall.events("case.overdue")).singleElement().satisfies(e ->
                    assertThat(e.toString()).isEqualTo("{\"case\":\"C20261127-001\",\"due\":\"callback\"}"));
            assertThat(activeAlarms(hall)).containsExactly("case-overdue:" + id + ":A001");
            assertThat(hall.http().get("/api/v1/cases/" + id, TestHall.ADMIN).body().path("overdue").asBoolean()).isTrue();
            assertThat(hall.http().get("/api/v1/stats?day=2026-11-27", TestHall.ADMIN).body().at("/cases/overdue").asInt())
                    .isEqualTo(1);

            int raised = hall.events("alarm.raised").size();
            hall.restart();
            hall.hall().checkNow();
            assertThat(hall.events("case.overdue")).as("nothing logged again after the restart").hasSize(1);
            assertThat(hall.events("alarm.raised")).hasSize(raised);
            assertThat(activeAlarms(hall)).containsExactly("case-overdue:" + id + ":A001");

            // the callback, late, clears the alarm; the resolve deadline is still ahead
            assertThat(hall.http().post("/api/v1/cases/" + id + "/callback", "{\"note\":\"回访\"}", TestHall.ADMIN)
                    .status()).isEqualTo(200);
            assertThat(activeAlarms(hall)).isEmpty();
            JsonNode stats = hall.http().get("/api/v1/stats?day=2026-11-27", TestHall.ADMIN).body().path("cases");
            assertThat(stats.path("calledBackOnTime").asInt()).isZero();
            assertThat(stats.path("overdue").asInt()).isZero();
        }
    }

    @Test
    void a_case_not_resolved_in_time_is_logged_once_for_each_deadline_and_its_state_survives_restarts() {
        try (TestHall hall = TestHall.start(dir, "QMS_ALARM_CHECK_SECONDS", "300", "QMS_CASE_RESOLVE_DAYS", "2")) {
            String ticketA = CaseAnswerTest.badRating(hall, "a");
            CaseAnswerTest.badRating(hall, "b");
            String a = "C20261127-001";
            assertThat(hall.http().post("/api/v1/cases/C20261127-002/callback", "{\"note\":\"回访\"}", TestHall.ADMIN)
                    .status()).isEqualTo(200);
            hall.restart();
            assertThat(hall.http().get("/api/v1/cases/C20261127-002", TestHall.ADMIN).text("state"))
                    .isEqualTo("called-back");

            // both deadlines of A are missed at once, B's resolve deadline too: three events, three alarms
            hall.clock.advance(Duration.ofDays(2).plusMinutes(1));
            hall.hall().checkNow();
            List<String> logged = new ArrayList<>();
            hall.events("case.overdue").forEach(e -> logged.add(e.path("case").asText() + ":" + e.path("due").asText()));
            assertThat(logged).containsExactly(a + ":callback", a + ":resolve", "C20261127-002:resolve");
            assertThat(activeAlarms(hall)).hasSize(3).allMatch(s -> s.startsWith("case-overdue:"));
            JsonNode raised = hall.events("alarm.raised").get(0);
            assertThat(raised.path("kind").asText()).isEqualTo("case-overdue");
            assertThat(raised.path("reason").asText()).isEqualTo(a);
            assertThat(raised.path("officer").asText()).isEqualTo("510001");

            hall.restart();
            hall.clock.advance(Duration.ofDays(1));
            hall.hall().checkNow();
            assertThat(hall.events("case.overdue")).hasSize(3);

            // resolved late: its alarms clear, it counts as resolved but not on time
            assertThat(hall.http().post("/api/v1/cases/" + a + "/resolve", "{\"reply\":\"已处理\"}", TestHall.ADMIN)
                    .status()).isEqualTo(200);
            assertThat(activeAlarms(hall)).containsExactly("case-overdue:C20261127-002:A002");
            hall.restart();
            JsonNode ca = hall.http().get("/api/v1/cases/" + a, TestHall.ADMIN).body();
            assertThat(ca.path("state").asText()).isEqualTo("resolved");
            assertThat(ca.path("reply").asText()).isEqualTo("已处理");
            assertThat(ca.path("overdue").asBoolean()).isFalse();
            // days later the citizen's QR code still opens the ticket's page, now with the reply
            assertThat(hall.http().get("/t/" + ticketA, null).raw()).contains("答复", "已处理");
            JsonNode stats = hall.http().get("/api/v1/stats?day=2026-11-27", TestHall.ADMIN).body().path("cases");
            assertThat(stats.path("resolvedOnTime").asInt()).isZero();
            assertThat(stats.path("byState").path("resolved").asInt()).isEqualTo(1);
            assertThat(stats.path("byState").path("called-back").asInt()).isEqualTo(1);
            assertThat(stats.path("overdue").asInt()).isEqualTo(1);
        }
    }

    @Test
    void deadlines_outside_their_range_stop_the_start_with_an_exact_message() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () ->
                ConfigLoader.load(Optional.empty(), Map.of("QMS_CASE_CALLBACK_HOURS", "0", "QMS_CASE_RESOLVE_DAYS", "91")));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "QMS_CASE_CALLBACK_HOURS: '0' is not hours, a whole number from 1 to 720",
                "QMS_CASE_RESOLVE_DAYS: '91' is not days, a whole number from 1 to 90");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).cases().callbackHours()).isEqualTo(24);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).cases().resolveDays()).isEqualTo(15);
    }
}
