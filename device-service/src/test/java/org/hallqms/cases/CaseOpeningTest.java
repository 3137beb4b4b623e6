package org.hallqms.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingService;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A case opens with each 差评 and each 办不成事 complaint, in the same commit, and with nothing else. */
class CaseOpeningTest {
    private static final String ROOT = "qms/demo-hall/";
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

    /** Serves one ticket at counter 1 and returns the session eval-1 then shows. */
    private String serveOne(String token, String request) {
        hall.issue("id-card", request);
        hall.act("1", token, "call-next");
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        List<JsonNode> finished = hall.events("ticket.finished");
        String number = finished.get(finished.size() - 1).path("number").asText();
        return device.await(ROOT + "evaluators/eval-1/session",
                s -> s.path("state").asText().equals("open") && s.path("ticket").asText().equals(number))
                .json().path("session").asText();
    }

    @Test
    void a_bad_rating_from_the_evaluator_opens_a_case_with_both_deadlines() {
        hall = TestHall.start(dir);
        device = hall.devices(ROOT + "evaluators/+/session", ROOT + "devices/+/ack");
        String token = hall.login("1", "510001");
        String session = serveOne(token, "a");

        JsonNode ack = device.request(ROOT + "evaluators/eval-1/rating", "{\"v\":1,\"id\":\"r1\",\"session\":\""
                        + session + "\",\"level\":1,\"reasons\":[\"attitude\",\"slow\"],\"at\":\"2026-11-27T10:00:00+08:00\"}",
                ROOT + "devices/eval-1/ack", a -> "r1".equals(a.path("id").asText(null))).json();
        assertThat(ack.path("ok").asBoolean()).as(ack.toString()).isTrue();

        List<String> rows = hall.hall().store().read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT seq, type, at, data FROM events "
                    + "WHERE type IN ('rating.recorded', 'case.opened') ORDER BY seq")) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            return out;
        });
        System.out.println("case.opened as logged: " + rows.get(1));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).contains(" case.opened ");
        String ticket = hall.events("ticket.issued").get(0).path("ticket").asText();
        JsonNode opened = hall.events("case.opened").get(0);
        assertThat(opened.path("case").asText()).isEqualTo("C20261127-001");
        assertThat(opened.path("kind").asText()).isEqualTo("bad-rating");
        assertThat(opened.path("ticket").asText()).isEqualTo(ticket);
        assertThat(opened.path("number").asText()).isEqualTo("A001");
        assertThat(opened.path("service").asText()).isEqualTo("id-card");
        assertThat(opened.path("counter").asText()).isEqualTo("1");
        assertThat(opened.path("officer").asText()).isEqualTo("510001");
        assertThat(opened.path("level").asInt()).isEqualTo(1);
        assertThat(opened.path("reasons").toString()).isEqualTo("[\"attitude\",\"slow\"]");
        assertThat(opened.path("source").asText()).isEqualTo(session);
        String at = rows.get(1).split(" ")[2];
        assertThat(OffsetDateTime.parse(opened.path("callbackDue").asText()))
                .isEqualTo(OffsetDateTime.parse(at).plusHours(24));
        assertThat(OffsetDateTime.parse(opened.path("resolveDue").asText()))
                .isEqualTo(OffsetDateTime.parse(at).plusDays(15));

        JsonNode listed = hall.http().get("/api/v1/cases?state=open", TestHall.ADMIN).body();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asText()).isEqualTo("C20261127-001");
        assertThat(listed.get(0).path("state").asText()).isEqualTo("open");
        assertThat(listed.get(0).path("overdue").asBoolean()).isFalse();
        assertThat(listed.get(0).path("openedAt").asText()).isEqualTo(at);
        assertThat(listed.get(0).path("callbackDue").asText()).isEqualTo(opened.path("callbackDue").asText());
        assertThat(listed.get(0).path("reasons").toString()).isEqualTo("[\"attitude\",\"slow\"]");
        assertThat(hall.http().get("/api/v1/cases?day=2026-11-27", TestHall.ADMIN).body()).hasSize(1);
        assertThat(hall.http().get("/api/v1/cases?day=2026-11-26", TestHall.ADMIN).body()).isEmpty();
        assertThat(hall.http().get("/api/v1/cases?state=resolved", TestHall.ADMIN).body()).isEmpty();
        // bad input: a state and a day that are not
        assertThat(hall.http().get("/api/v1/cases?state=closed", TestHall.ADMIN).status()).isEqualTo(400);
        assertThat(hall.http().get("/api/v1/cases?day=27.11.2026", TestHall.ADMIN).status()).isEqualTo(400);
    }

    @Test
    void ratings_of_three_and_better_open_no_case_and_the_deadlines_follow_the_configuration() {
        hall = TestHall.start(dir, "QMS_CASE_CALLBACK_HOURS", "2", "QMS_CASE_RESOLVE_DAYS", "3");
        String token = hall.login("1", "510001");
        RatingService ratings = hall.hall().ratings();
        int[] levels = {3, 4, 5, 2};
        for (int i = 0; i < levels.length; i++) {
            hall.issue("id-card", "t" + i);
            hall.act("1", token, "call-next");
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
            String session = ratings.openSessions().get(0).id();
            ratings.rate(new Rate("eval-1", session, levels[i], levels[i] <= 2 ? List.of("slow") : List.of(),
                    "r" + i), tx -> { });
            if (levels[i] >= 3) {
                assertThat(hall.events("case.opened")).as("after a rating of %d", levels[i]).isEmpty();
            }
        }
        assertThat(hall.events("rating.recorded")).hasSize(4);
        JsonNode opened = hall.events("case.opened").get(0);
        assertThat(hall.events("case.opened")).hasSize(1);
        assertThat(opened.path("level").asInt()).isEqualTo(2);
        assertThat(opened.path("number").asText()).isEqualTo("A004");
        JsonNode c = hall.http().get("/api/v1/cases/" + opened.path("case").asText(), TestHall.ADMIN).body();
        OffsetDateTime openedAt = OffsetDateTime.parse(c.path("openedAt").asText());
        assertThat(OffsetDateTime.parse(c.path("callbackDue").asText())).isEqualTo(openedAt.plusHours(2));
        assertThat(OffsetDateTime.parse(c.path("resolveDue").asText())).isEqualTo(openedAt.plusDays(3));
    }

    @Test
    void a_complaint_opens_a_case_naming_its_ticket_and_one_without_a_ticket_opens_one_too() {
        hall = TestHall.start(dir);
        hall.issue("id-card", "a1");
        String t = hall.login("1", "510001");
        hall.act("1", t, "call-next");
        hall.act("1", t, "finish", "{\"outcome\":\"incomplete\",\"reason\":\"policy\"}");

        String body = "{\"requestId\":\"c-1\",\"ticket\":\"A001\",\"reason\":\"policy\"}";
        String alarm = hall.http().post("/api/v1/complaints", body, null).text("alarm");
        // the kiosk's retry is the same complaint: no second case
        hall.http().post("/api/v1/complaints", body, null);
        hall.http().post("/api/v1/complaints", "{\"requestId\":\"c-2\"}", null);

        List<JsonNode> opened = hall.events("case.opened");
        assertThat(opened).hasSize(2);
        JsonNode first = opened.get(0);
        assertThat(first.path("kind").asText()).isEqualTo("complaint");
        assertThat(first.path("source").asText()).isEqualTo(alarm);
        assertThat(first.path("number").asText()).isEqualTo("A001");
        assertThat(first.path("counter").asText()).isEqualTo("1");
        assertThat(first.path("officer").asText()).isEqualTo("510001");
        assertThat(first.path("reasons").toString()).isEqualTo("[\"policy\"]");
        assertThat(first.has("level")).isFalse();
        JsonNode second = opened.get(1);
        assertThat(second.path("case").asText()).isEqualTo("C20261127-002");
        assertThat(second.has("ticket")).isFalse();
        assertThat(second.has("number")).isFalse();
        assertThat(second.path("reasons").toString()).isEqualTo("[\"other\"]");
        JsonNode listed = hall.http().get("/api/v1/cases", TestHall.ADMIN).body();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(1).path("ticket").isNull()).isTrue();
        assertThat(listed.get(1).path("level").isNull()).isTrue();
    }
}
