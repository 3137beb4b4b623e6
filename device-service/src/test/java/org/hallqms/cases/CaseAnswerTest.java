package org.hallqms.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingService;
import org.hallqms.store.EventHead;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calling back, resolving and dismissing a case over the hall's routes, and every refusal on the way. */
class CaseAnswerTest {
    @TempDir
    Path dir;

    /** Serves A00n at counter 1 and rates it 1 with a reason; returns the ticket's id. */
    static String badRating(TestHall hall, String request) {
        String token = hall.login("1", "510001");
        hall.issue("id-card", request);
        hall.act("1", token, "call-next");
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        RatingService ratings = hall.hall().ratings();
        ratings.rate(new Rate("eval-1", ratings.openSessions().get(0).id(), 1, List.of("attitude"), "r-" + request),
                tx -> { });
        List<JsonNode> issued = hall.events("ticket.issued");
        return issued.get(issued.size() - 1).path("ticket").asText();
    }

    private static Http.Resp post(TestHall hall, String path, String json, String token) {
        return hall.http().post("/api/v1/cases/" + path, json, token);
    }

    @Test
    void a_case_called_back_then_resolved_shows_its_reply_on_the_tickets_page() {
        try (TestHall hall = TestHall.start(dir)) {
            String ticket = badRating(hall, "a");
            String id = "C20261127-001";
            assertThat(hall.http().get("/t/" + ticket, null).raw()).doesNotContain("答复");

            Http.Resp called = post(hall, id + "/callback", "{\"note\":\"已电话联系群众，说明情况\"}", TestHall.ADMIN);
            assertThat(called.status()).as(called.raw()).isEqualTo(200);
            assertThat(called.text("state")).isEqualTo("called-back");
            assertThat(called.text("calledBackAt")).isNotBlank();
            assertThat(called.text("note")).isEqualTo("已电话联系群众，说明情况");
            assertThat(hall.http().get("/t/" + ticket, null).raw()).doesNotContain("答复");

            String reply = "您反映的问题已核实，已对窗口民警进行提醒 <b>谢谢</b>";
            Http.Resp resolved = post(hall, id + "/resolve", "{\"reply\":\"" + reply + "\",\"note\":\"已整改\"}",
                    TestHall.ADMIN);
            assertThat(resolved.status()).as(resolved.raw()).isEqualTo(200);
            assertThat(resolved.text("state")).isEqualTo("resolved");
            assertThat(resolved.text("reply")).isEqualTo(reply);
            assertThat(resolved.text("closedAt")).isNotBlank();
            assertThat(resolved.body().path("overdue").asBoolean()).isFalse();

            assertThat(hall.events("case.called-back")).singleElement().satisfies(e -> assertThat(e.toString())
                    .isEqualTo("{\"by\":\"admin\",\"case\":\"C20261127-001\",\"note\":\"已电话联系群众，说明情况\"}"));
            assertThat(hall.events("case.resolved")).singleElement().satisfies(e -> {
                assertThat(e.path("reply").asText()).isEqualTo(reply);
                assertThat(e.path("note").asText()).isEqualTo("已整改");
                assertThat(e.path("by").asText()).isEqualTo("admin");
            });

            String page = hall.http().get("/t/" + ticket, null).raw();
            assertThat(page).contains("答复");
            // text only: the citizen sees the brackets, the browser builds no element from them
            assertThat(page).contains("已对窗口民警进行提醒 &lt;b&gt;谢谢&lt;/b&gt;").doesNotContain("<b>谢谢");
            assertThat(page.indexOf("答复")).isLessThan(page.indexOf("Reply"));

            JsonNode stats = hall.http().get("/api/v1/stats", TestHall.ADMIN).body().path("cases");
            assertThat(stats.path("opened").asInt()).isEqualTo(1);
            assertThat(stats.path("byState").path("resolved").asInt()).isEqualTo(1);
            assertThat(stats.path("resolvedOnTime").asInt()).isEqualTo(1);
            assertThat(stats.path("calledBackOnTime").asInt()).isEqualTo(1);
            assertThat(stats.path("byKind").path("bad-rating").asInt()).isEqualTo(1);
        }
    }

    @Test
    void a_dismissed_case_is_final_and_actions_its_state_does_not_allow_are_refused_with_409() {
        try (TestHall hall = TestHall.start(dir)) {
            badRating(hall, "a");
            String id = "C20261127-001";
            Http.Resp d = post(hall, id + "/dismiss", "{\"reason\":\"误按评价器\"}", TestHall.ADMIN);
            assertThat(d.status()).as(d.raw()).isEqualTo(200);
            assertThat(d.text("state")).isEqualTo("dismissed");
            assertThat(d.text("dismissReason")).isEqualTo("误按评价器");
            assertThat(hall.events("case.dismissed")).singleElement().satisfies(e ->
                    assertThat(e.toString()).isEqualTo("{\"by\":\"admin\",\"case\":\"C20261127-001\",\"reason\":\"误按评价器\"}"));

            EventHead before = hall.head();
            // bad input: every action on a dismissed case, and a dismissal with another reason
            for (String[] a : new String[][] {{"callback", "{\"note\":\"n\"}"}, {"resolve", "{\"reply\":\"r\"}"},
                    {"dismiss", "{\"reason\":\"另一个理由\"}"}}) {
                Http.Resp r = post(hall, id + "/" + a[0], a[1], TestHall.ADMIN);
                assertThat(r.status()).as(a[0] + " " + r.raw()).isEqualTo(409);
                assertThat(r.text("type")).isEqualTo("urn:qms:problem:case-state");
                assertThat(r.contentType()).startsWith("application/problem+json");
            }
            assertThat(hall.head()).isEqualTo(before);

            // a called-back case cannot be called back again with another note
            badRating(hall, "b");
            assertThat(post(hall, "C20261127-002/callback", "{\"note\":\"第一次\"}", TestHall.ADMIN).status()).isEqualTo(200);
            assertThat(post(hall, "C20261127-002/callback", "{\"note\":\"第二次\"}", TestHall.ADMIN).text("type"))
                    .isEqualTo("urn:qms:problem:case-state");
            assertThat(hall.http().get("/api/v1/cases/C20261127-002", TestHall.ADMIN).text("state")).isEqualTo("called-back");
        }
    }

    @Test
    void text_with_an_id_number_or_empty_or_too_long_is_refused_with_422_and_nothing_is_logged() {
        try (TestHall hall = TestHall.start(dir)) {
            badRating(hall, "a");
            String id = "C20261127-001";
            EventHead before = hall.head();
            // bad input: an ID number in the reply, in the note (spaced), in the console user's name
            Http.Resp r = post(hall, id + "/resolve", "{\"reply\":\"已核实 110101199003071234 的情况\"}", TestHall.ADMIN);
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.text("type")).isEqualTo("urn:qms:problem:personal-id-refused");
            assertThat(post(hall, id + "/callback", "{\"note\":\"1101 0119 9003 0712 34\"}", TestHall.ADMIN).status())
                    .isEqualTo(422);
            assertThat(post(hall, id + "/callback", "{\"note\":\"ok\",\"by\":\"110101199003071234\"}", TestHall.SYNC)
                    .status()).isEqualTo(422);
            // bad input: empty, blank, missing and too long texts
            for (String body : new String[] {"{\"reply\":\"\"}", "{\"reply\":\"   \"}", "{}",
                    "{\"reply\":\"" + "长".repeat(501) + "\"}", "{\"reply\":\"ok\",\"note\":\"" + "x".repeat(501) + "\"}"}) {
                Http.Resp e = post(hall, id + "/resolve", body, TestHall.ADMIN);
                assertThat(e.status()).as(body).isEqualTo(422);
                assertThat(e.text("type")).isEqualTo("urn:qms:problem:case-text-invalid");
            }
            assertThat(post(hall, id + "/dismiss", "{\"reason\":\"\"}", TestHall.ADMIN).status()).isEqualTo(422);
            // bad input: a reply that is not text
            assertThat(post(hall, id + "/resolve", "{\"reply\":5}", TestHall.ADMIN).status()).isEqualTo(400);
            assertThat(hall.head()).as("no refused text changed anything").isEqualTo(before);
            assertThat(hall.http().get("/api/v1/cases/" + id, TestHall.ADMIN).text("state")).isEqualTo("open");
            // 500 characters are fine
            assertThat(post(hall, id + "/resolve", "{\"reply\":\"" + "长".repeat(500) + "\"}", TestHall.ADMIN).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void an_unknown_case_is_404_and_only_the_admin_or_station_token_may_act() {
        try (TestHall hall = TestHall.start(dir)) {
            badRating(hall, "a");
            String id = "C20261127-001";
            // bad input: a case that does not exist, and ids that cannot be one
            for (String path : new String[] {"C20261127-002", "C20261127-002/callback", "nonsense", "x/resolve"}) {
                Http.Resp r = path.contains("/") ? post(hall, path, "{\"note\":\"n\",\"reply\":\"r\"}", TestHall.ADMIN)
                        : hall.http().get("/api/v1/cases/" + path, TestHall.ADMIN);
                assertThat(r.status()).as(path).isEqualTo(404);
                assertThat(r.text("type")).isEqualTo("urn:qms:problem:unknown-case");
            }
            String officer = hall.login("2", "510002");
            EventHead before = hall.head();
            // bad input: no token, an officer's session token, a wrong token
            for (String token : new String[] {null, officer, "not-a-token-at-all-0000"}) {
                assertThat(hall.http().get("/api/v1/cases", token).status()).isEqualTo(401);
                assertThat(post(hall, id + "/callback", "{\"note\":\"n\"}", token).status()).isEqualTo(401);
            }
            assertThat(hall.head()).isEqualTo(before);

            assertThat(hall.http().get("/api/v1/cases", TestHall.SYNC).body()).hasSize(1);
            Http.Resp r = post(hall, id + "/callback", "{\"note\":\"已回访\",\"by\":\"王民警\"}", TestHall.SYNC);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            Http.Resp s = post(hall, id + "/resolve", "{\"reply\":\"已处理\"}", TestHall.SYNC);
            assertThat(s.status()).as(s.raw()).isEqualTo(200);
            assertThat(hall.events("case.called-back").get(0).path("by").asText()).isEqualTo("station:王民警");
            assertThat(hall.events("case.resolved").get(0).path("by").asText()).isEqualTo("station");
            assertThat(hall.events("case.resolved").get(0).has("note")).isFalse();
            // the admin token is "admin" whatever the body says
            badRating(hall, "b");
            post(hall, "C20261127-002/dismiss", "{\"reason\":\"重复\",\"by\":\"someone\"}", TestHall.ADMIN);
            assertThat(hall.events("case.dismissed").get(0).path("by").asText()).isEqualTo("admin");
        }
    }

    @Test
    void repeating_an_action_with_the_same_text_answers_200_and_logs_nothing() {
        try (TestHall hall = TestHall.start(dir)) {
            badRating(hall, "a");
            badRating(hall, "b");
            String a = "C20261127-001";
            String b = "C20261127-002";
            Http.Resp first = post(hall, a + "/callback", "{\"note\":\"已回访\"}", TestHall.SYNC);
            EventHead head = hall.head();
            Http.Resp again = post(hall, a + "/callback", "{\"note\":\"已回访\"}", TestHall.SYNC);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(hall.head()).isEqualTo(head);

            post(hall, a + "/resolve", "{\"reply\":\"已处理\",\"note\":\"内部\"}", TestHall.SYNC);
            head = hall.head();
            assertThat(post(hall, a + "/resolve", "{\"reply\":\"已处理\",\"note\":\"内部\"}", TestHall.SYNC).status())
                    .isEqualTo(200);
            assertThat(post(hall, a + "/resolve", "{\"reply\":\"已处理\"}", TestHall.SYNC).status()).isEqualTo(200);
            assertThat(hall.head()).isEqualTo(head);
            assertThat(post(hall, a + "/resolve", "{\"reply\":\"另一个答复\"}", TestHall.SYNC).status()).isEqualTo(409);

            post(hall, b + "/dismiss", "{\"reason\":\"重复\"}", TestHall.ADMIN);
            head = hall.head();
            assertThat(post(hall, b + "/dismiss", "{\"reason\":\"重复\"}", TestHall.ADMIN).status()).isEqualTo(200);
            assertThat(hall.head()).isEqualTo(head);
            assertThat(hall.events("case.called-back")).hasSize(1);
            assertThat(hall.events("case.resolved")).hasSize(1);
            assertThat(hall.events("case.dismissed")).hasSize(1);
        }
    }
}
