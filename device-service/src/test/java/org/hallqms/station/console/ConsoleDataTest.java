package org.hallqms.station.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hallqms.rating.Rate;
import org.hallqms.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's figures as a station admin and as a hall leader, and the bad input it refuses. */
class ConsoleDataTest {
    private static final String DAY = "2026-11-27";

    @TempDir
    Path dir;

    /** One ticket served at east's window 1 and rated 1 (attitude), pulled into the station. */
    static void serveAndRateBadly(ConsoleRig rig) {
        rig.east.issue("id-card", "r1");
        String officer = rig.east.login("1", "510001");
        rig.east.act("1", officer, "call-next");
        rig.east.act("1", officer, "start");
        rig.east.act("1", officer, "finish", "{\"outcome\":\"done\"}");
        var ratings = rig.east.hall().ratings();
        String session = ratings.openSessions().get(0).id();
        ratings.rate(new Rate("eval-1", session, 1, List.of("attitude"), "m1"), tx -> { });
    }

    static void insertCase(ConsoleRig rig, String hall, String id, boolean overdue) {
        String sql = "INSERT INTO qms_cases(hall, id, kind, ticket, number, service, counter, officer, level, reasons, "
                + "opened_at, day, callback_due, resolve_due, state, resolve_overdue, last_seq) VALUES ('" + hall + "', '"
                + id + "', 'bad-rating', 't1', 'A001', 'id-card', '1', '510001', 1, '[\"attitude\"]', "
                + "'2026-11-27T02:10:00Z', '" + DAY + "', '2026-11-27T04:10:00Z', '2026-11-30T02:10:00Z', 'open', "
                + overdue + ", 1)";
        String schema = rig.jdbc.substring(rig.jdbc.indexOf("currentSchema=") + 14);
        Postgres.exec(sql.replace("INSERT INTO qms_cases", "INSERT INTO " + schema + ".qms_cases"));
    }

    private static List<String> halls(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path("hall").asText()));
        return out;
    }

    @Test
    void a_hall_leader_sees_only_their_hall_and_is_refused_another_halls_day_and_cases() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            serveAndRateBadly(rig);
            String admin = rig.token(ConsoleRig.ADMIN);
            String leader = rig.token(ConsoleRig.LEADER);
            // the finished ticket (not only its issue) has come through the pull: a round may fall between the two
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.get("/api/v1/reports", admin).json()
                    .findValuesAsText("hall").contains("east")
                    && halls(rig.get("/api/v1/officers", admin).json()).contains("east"));
            insertCase(rig, "east", "case-1", true);

            assertThat(halls(rig.get("/api/v1/halls", admin).json())).containsExactly("east", "west");
            assertThat(halls(rig.get("/api/v1/halls", leader).json())).containsExactly("west");
            assertThat(halls(rig.get("/api/v1/reports", leader).json())).doesNotContain("east");
            assertThat(halls(rig.get("/api/v1/officers", admin).json())).contains("east");
            assertThat(halls(rig.get("/api/v1/officers", leader).json())).doesNotContain("east");
            // the 差评 opened a case at the hall, and the station has it with the one inserted here
            await().atMost(Duration.ofSeconds(30)).until(() -> halls(rig.get("/api/v1/cases", admin).json()).size() == 2);
            assertThat(halls(rig.get("/api/v1/cases", admin).json())).containsOnly("east");
            assertThat(halls(rig.get("/api/v1/cases", leader).json())).isEmpty();

            JsonNode day = rig.get("/api/v1/halls/east/days/" + DAY, admin).json();
            assertThat(day.path("totals").path("done").asInt()).isEqualTo(1);
            assertThat(day.path("bad").get(0).path("reasons").get(0).asText()).isEqualTo("attitude");
            assertThat(rig.get("/api/v1/halls/east/days/today", admin).json().path("day").asText()).isEqualTo(DAY);
            assertThat(rig.get("/api/v1/halls/west/days/" + DAY, leader).status()).isEqualTo(200);

            for (ConsoleRig.Resp r : List.of(rig.get("/api/v1/halls/east/days/" + DAY, leader),
                    rig.get("/api/v1/cases?hall=east", leader),
                    rig.post("/api/v1/cases/east/case-1/callback", "{\"note\":\"called\"}", leader),
                    rig.post("/api/v1/cases/east/case-1/dismiss", "{\"reason\":\"no\"}", leader))) {
                assertThat(r.status()).as(r.raw().uri().toString()).isEqualTo(403);
                assertThat(r.type()).isEqualTo("urn:qms:problem:other-hall");
            }
        }
    }

    @Test
    void the_report_downloads_as_csv_with_a_byte_order_mark_so_excel_reads_the_chinese() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            serveAndRateBadly(rig);
            String admin = rig.token(ConsoleRig.ADMIN);
            await().atMost(Duration.ofSeconds(30)).until(() -> rig.get("/api/v1/reports", admin).json()
                    .findValuesAsText("hall").contains("east"));
            java.util.function.Supplier<ConsoleRig.Resp> download = () -> rig.send(HttpRequest.newBuilder(URI.create(
                    rig.base + "/api/v1/reports?format=csv&from=" + DAY + "&to=" + DAY))
                    .header("Cookie", "qms_station=" + admin));
            // the pull may bring the issue before the finish: wait for the served ticket
            await().atMost(Duration.ofSeconds(30)).until(() -> download.get().raw().body().contains("\neast,id-card,1,1,"));
            ConsoleRig.Resp csv = download.get();
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).contains("attachment", "qms-report-" + DAY + "-" + DAY + ".csv");
            assertThat(csv.raw().body()).startsWith("\uFEFF所 hall,业务 service,取号 issued");
            assertThat(csv.raw().body().lines().filter(l -> l.startsWith("east,id-card,1,1,"))).as(csv.raw().body())
                    .hasSize(1);
        }
    }

    @Test
    void bad_dates_ranges_halls_states_and_bodies_are_refused_with_stable_problem_types() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            String admin = rig.token(ConsoleRig.ADMIN);
            Map<String, String> gets = new java.util.LinkedHashMap<>();
            gets.put("/api/v1/halls/east/days/2026-13-01", "400 invalid-date");
            gets.put("/api/v1/halls/east/days/yesterday", "400 invalid-date");
            gets.put("/api/v1/officers?from=2026-11-27&to=2026-11-01", "400 invalid-range");
            gets.put("/api/v1/officers?from=27.11.2026", "400 invalid-date");
            gets.put("/api/v1/reports?from=2025-01-01&to=2026-11-27", "400 range-too-long");
            gets.put("/api/v1/reports?format=xls", "400 invalid-request");
            gets.put("/api/v1/halls/nowhere/days/2026-11-27", "404 unknown-hall");
            gets.put("/api/v1/cases?hall=nowhere", "404 unknown-hall");
            gets.put("/api/v1/cases?state=lost", "400 invalid-request");
            gets.put("/api/v1/nothing-here", "404 not-found");
            gets.forEach((path, expected) -> {
                ConsoleRig.Resp r = rig.get(path, admin);
                assertThat(r.status() + " " + r.type().replace("urn:qms:problem:", "")).as(path).isEqualTo(expected);
                assertThat(r.header("Content-Type")).as(path).startsWith("application/problem+json");
            });
            // a year of 366 days is allowed (a leap year's report)
            assertThat(rig.get("/api/v1/reports?from=2024-01-01&to=2024-12-31", admin).status()).isEqualTo(200);

            Map<String, String[]> posts = new java.util.LinkedHashMap<>();
            posts.put("resolve without a reply", new String[] {"/api/v1/cases/east/c1/resolve", "{}",
                "422 case-text-invalid"});
            posts.put("dismiss with a number as reason", new String[] {"/api/v1/cases/east/c1/dismiss", "{\"reason\":5}",
                "400 invalid-request"});
            // forwarded: the hall's own 404 (its type depends on the hall's version) comes back as it is
            posts.put("a case the hall does not have", new String[] {"/api/v1/cases/east/c1/callback", "{}", "404 "});
            posts.put("an unknown hall", new String[] {"/api/v1/cases/nowhere/c1/callback", "{}", "404 unknown-hall"});
            posts.put("broken JSON", new String[] {"/api/v1/cases/east/c1/callback", "{\"note\":", "400 malformed-json"});
            posts.put("login without a password", new String[] {"/api/v1/login", "{\"user\":\"chen\"}", "400 invalid-request"});
            posts.put("login as an array", new String[] {"/api/v1/login", "[]", "400 invalid-request"});
            posts.forEach((what, p) -> {
                ConsoleRig.Resp r = rig.post(p[0], p[1], admin);
                assertThat(r.status() + " " + r.type().replaceAll("^urn:qms:problem:", "")).as(what).startsWith(p[2]);
            });
            ConsoleRig.Resp plainText = rig.send(HttpRequest.newBuilder(URI.create(rig.base + "/api/v1/login"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("chen:pw")));
            assertThat(plainText.status()).isEqualTo(415);
        }
    }

    @Test
    void an_empty_blank_or_over_500_character_case_text_gets_the_halls_own_422_case_text_invalid() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            String admin = rig.token(ConsoleRig.ADMIN);
            String longText = "x".repeat(501);
            Map<String, String[]> posts = new java.util.LinkedHashMap<>();
            posts.put("resolve with an empty reply", new String[] {"resolve", "{\"reply\":\"\"}"});
            posts.put("resolve with a blank reply", new String[] {"resolve", "{\"reply\":\"   \"}"});
            posts.put("resolve with a 501-character reply", new String[] {"resolve", "{\"reply\":\"" + longText + "\"}"});
            posts.put("resolve with a good reply and an empty note", new String[] {"resolve",
                "{\"reply\":\"sorry\",\"note\":\"\"}"});
            posts.put("callback with a 501-character note", new String[] {"callback", "{\"note\":\"" + longText + "\"}"});
            posts.put("dismiss without a reason", new String[] {"dismiss", "{}"});
            posts.put("dismiss with an empty reason", new String[] {"dismiss", "{\"reason\":\"\"}"});
            posts.forEach((what, p) -> {
                ConsoleRig.Resp r = rig.post("/api/v1/cases/east/c1/" + p[0], p[1], admin);
                assertThat(r.status()).as(what).isEqualTo(422);
                assertThat(r.type()).as(what).isEqualTo("urn:qms:problem:case-text-invalid");
                assertThat(r.header("Content-Type")).as(what).startsWith("application/problem+json");
            });
            // 500 characters is still a reply: it goes on to the hall, which has no such case
            ConsoleRig.Resp full = rig.post("/api/v1/cases/east/c1/resolve", "{\"reply\":\"" + "x".repeat(500) + "\"}",
                    admin);
            assertThat(full.status()).isEqualTo(404);
        }
    }
}
