package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.hallqms.store.EventHead;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal is problem+json with a stable type and leaves the event log exactly as it was. */
class BadInputTest {
    @TempDir
    Path dir;
    TestHall hall;
    Http http;
    String token;
    EventHead before;

    @BeforeEach
    void start() {
        hall = TestHall.start(dir);
        http = hall.http();
        hall.issue("id-card", "seed-1");
        token = hall.login("1", "510001");
        before = hall.head();
    }

    @AfterEach
    void stop() {
        hall.close();
    }

    private void refused(Http.Resp r, int status, String slug) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text("type")).isEqualTo("urn:qms:problem:" + slug);
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.text("detail")).isNotBlank();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("at org.");
        assertThat(hall.head()).isEqualTo(before);
    }

    @Test
    void ticket_issue_refuses_malformed_json_wrong_types_unknown_services_and_oversized_bodies() {
        refused(http.post("/api/v1/tickets", "{\"service\":\"id-card\",", null), 400, "malformed-json");
        refused(http.post("/api/v1/tickets", "[1,2]", null), 400, "invalid-request");
        refused(http.post("/api/v1/tickets", "{\"service\":5,\"requestId\":\"x\"}", null), 400, "invalid-request");
        refused(http.post("/api/v1/tickets", "{\"service\":\"id-card\"}", null), 400, "invalid-request");
        refused(http.post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"has space\"}", null), 400,
                "invalid-request");
        refused(http.post("/api/v1/tickets", "{\"service\":\"passport\",\"requestId\":\"x\"}", null), 404,
                "unknown-service");
        refused(http.post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"x\",\"channel\":\"vip\"}", null),
                400, "invalid-request");
        refused(http.post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"x\",\"channel\":\"staff\"}",
                null), 403, "forbidden-channel");
        String big = "{\"service\":\"id-card\",\"requestId\":\"x\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        refused(http.post("/api/v1/tickets", big, null), 413, "body-too-large");
        refused(http.send(http.builder("/api/v1/tickets", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"id-card\",\"requestId\":\"y\"}"))), 415,
                "unsupported-media-type");
        refused(http.get("/api/v1/tickets/nosuchticket", null), 404, "unknown-ticket");
        refused(http.get("/api/v1/tickets/..%2F..%2Fetc", null), 404, "unknown-ticket");
    }

    @Test
    void counter_routes_refuse_missing_wrong_and_foreign_tokens_and_unknown_counters() {
        refused(http.post("/api/v1/counters/1/call-next", "", null), 401, "unauthorized");
        refused(http.post("/api/v1/counters/1/call-next", "", "not-the-token"), 401, "unauthorized");
        refused(http.post("/api/v1/counters/2/call-next", "", token), 401, "unauthorized");
        refused(http.post("/api/v1/counters/99/call-next", "", token), 404, "unknown-counter");
        refused(http.post("/api/v1/counters/..%2F1/call-next", "", token), 404, "unknown-counter");
        refused(http.post("/api/v1/counters/99/session", "{\"officer\":\"510001\",\"pin\":\"123456\"}", null), 404,
                "unknown-counter");
        refused(http.post("/api/v1/counters/1/session", "{\"officer\":510001,\"pin\":\"123456\"}", null), 400,
                "invalid-request");
    }

    @Test
    void actions_not_allowed_in_the_tickets_state_are_refused() {
        refused(hall.act("1", token, "start"), 409, "no-current-ticket");
        refused(hall.act("1", token, "finish", "{\"outcome\":\"done\"}"), 409, "no-current-ticket");
        refused(hall.act("1", token, "call", "{\"ticket\":\"Z999\"}"), 404, "unknown-ticket");
        hall.act("1", token, "call-next");
        hall.act("1", token, "start");
        before = hall.head();
        refused(hall.act("1", token, "no-show"), 409, "ticket-state");
        refused(hall.act("1", token, "recall"), 409, "ticket-state");
        refused(hall.act("1", token, "call-next"), 409, "counter-busy");
        refused(hall.act("1", token, "finish", "{\"outcome\":\"great\"}"), 400, "invalid-request");
        refused(hall.act("1", token, "finish", "{\"outcome\":\"incomplete\"}"), 400, "invalid-request");
        refused(hall.act("1", token, "finish", "{\"outcome\":\"incomplete\",\"missing\":\"户口簿\"}"), 400,
                "invalid-request");
        refused(hall.act("1", token, "transfer", "{}"), 400, "invalid-request");
        refused(hall.act("1", token, "transfer", "{\"service\":\"household\",\"counter\":\"2\"}"), 400,
                "invalid-request");
        refused(hall.act("1", token, "transfer", "{\"service\":\"passport\"}"), 404, "unknown-service");
        refused(hall.act("1", token, "transfer", "{\"counter\":\"1\"}"), 400, "invalid-request");
        refused(hall.act("1", token, "pause", "{}"), 400, "invalid-request");
        refused(http.delete("/api/v1/counters/1/session", token), 409, "counter-busy");
    }

    @Test
    void five_wrong_pins_lock_the_officer_even_against_the_right_pin() {
        for (int i = 0; i < 4; i++) {
            Http.Resp r = http.post("/api/v1/counters/2/session", "{\"officer\":\"510002\",\"pin\":\"000000\"}", null);
            refused(r, 401, "wrong-pin");
            assertThat(r.body().get("triesLeft").asInt()).isEqualTo(4 - i);
        }
        refused(http.post("/api/v1/counters/2/session", "{\"officer\":\"510002\",\"pin\":\"000000\"}", null), 423,
                "officer-locked");
        Http.Resp right = http.post("/api/v1/counters/2/session", "{\"officer\":\"510002\",\"pin\":\"123456\"}", null);
        refused(right, 423, "officer-locked");
        assertThat(right.body().get("retryAfterSeconds").asLong()).isPositive();
        refused(http.post("/api/v1/counters/2/session", "{\"officer\":\"999999\",\"pin\":\"123456\"}", null), 401,
                "wrong-pin");
    }

    @Test
    void admin_routes_refuse_missing_and_wrong_tokens_and_bad_parameters() {
        refused(http.get("/api/v1/queue", null), 401, "unauthorized");
        refused(http.get("/api/v1/queue", "wrong-token-wrong-token"), 401, "unauthorized");
        refused(http.get("/api/v1/stats", token), 401, "unauthorized");
        refused(http.get("/api/v1/stats?day=yesterday", TestHall.ADMIN), 400, "invalid-request");
        refused(http.put("/api/v1/catalog", "{}", null), 401, "unauthorized");
        refused(http.put("/api/v1/catalog", "{\"services\":", TestHall.ADMIN), 400, "malformed-json");
        Http.Resp bad = http.put("/api/v1/catalog", "{\"hall\":{\"name\":\"x\"},\"services\":[{\"code\":\"A B\","
                + "\"prefix\":\"ab\",\"name\":{\"zh\":\"x\"}}],\"counters\":[{\"id\":\"1\",\"name\":\"1\","
                + "\"services\":[\"nope\"]}]}", TestHall.ADMIN);
        refused(bad, 422, "catalog-invalid");
        assertThat(bad.body().get("errors").toString()).contains("services[0].code", "services[0].prefix",
                "counters[0].services[0]: no service 'nope'");
    }

    @Test
    void id_numbers_written_with_spaces_dashes_full_width_digits_an_x_or_in_15_digits_are_refused() {
        hall.act("1", token, "call-next");
        before = hall.head();
        for (String id : new String[] {"1101 0119 9003 0712 34", "110101-19900307-1234", "１１０１０１１９９００３０７１２３４",
                "11010119900307123Ｘ", "110101199003071234x", "110101900307123"}) {
            refused(hall.act("1", token, "finish", "{\"outcome\":\"done\",\"note\":\"" + id + "\"}"), 422,
                    "personal-id-refused");
            refused(hall.act("1", token, "pause", "{\"reason\":\"" + id + "\"}"), 422, "personal-id-refused");
            refused(http.post("/api/v1/complaints", "{\"requestId\":\"c-1\",\"reason\":\"" + id + "\"}", null), 422,
                    "personal-id-refused");
        }
    }

    @Test
    void unknown_routes_and_methods_are_problems_too() {
        refused(http.get("/api/v1/nothing", null), 404, "not-found");
        refused(http.delete("/api/v1/tickets", null), 405, "method-not-allowed");
    }
}
