package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingService;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seeded morning at window 1, its figures worked out by hand. */
class StatsTest {
    @TempDir
    Path dir;

    private static void at(TestHall hall, int minute) {
        hall.clock.set(TestHall.MORNING.plus(Duration.ofMinutes(minute)));
    }

    /** Window 1 calls and starts at minute {@code call} and finishes at {@code finish}. */
    private static void serve(TestHall hall, String token, int call, int finish, String outcome) {
        at(hall, call);
        hall.act("1", token, "call-next");
        hall.act("1", token, "start");
        at(hall, finish);
        hall.act("1", token, "finish", outcome);
    }

    private static void rate(TestHall hall, int level, String reason) {
        RatingService r = hall.hall().ratings();
        String session = r.openSessions().stream().filter(s -> s.device().equals("eval-1")).findFirst().orElseThrow().id();
        String id = "r" + level + session;
        r.rate(new Rate("eval-1", session, level, reason == null ? List.of() : List.of(reason), id), tx -> { });
    }

    @Test
    void a_seeded_day_gives_the_hand_computed_counts_percentiles_and_good_rate_in_json_and_csv() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 4; i++) {
                hall.issue("id-card", "s" + i);
            }
            String t = hall.login("1", "510001");
            // waits 2, 10, 15, 21 minutes; service 6, 3, 5 minutes; the last one does not come
            serve(hall, t, 2, 8, "{\"outcome\":\"done\"}");
            rate(hall, 5, null);
            serve(hall, t, 10, 13, "{\"outcome\":\"done\"}");
            rate(hall, 2, "slow");
            serve(hall, t, 15, 20, "{\"outcome\":\"incomplete\",\"missing\":[\"户口簿\"]}");
            rate(hall, 4, null);
            at(hall, 21);
            hall.act("1", t, "call-next");
            hall.act("1", t, "no-show");

            JsonNode s = hall.http().get("/api/v1/stats", TestHall.ADMIN).body();

            assertThat(s.at("/services/id-card/issued").asInt()).isEqualTo(4);
            assertThat(s.at("/times/waitMinutes").toString())
                    .isEqualTo("{\"max\":21.0,\"mean\":12.0,\"n\":4,\"p50\":10.0,\"p90\":21.0}");
            assertThat(s.at("/times/serviceMinutes").toString())
                    .isEqualTo("{\"max\":6.0,\"mean\":4.7,\"n\":3,\"p50\":5.0,\"p90\":6.0}");
            assertThat(s.at("/counters/1/done").asInt()).isEqualTo(2);
            assertThat(s.at("/counters/1/incomplete").asInt()).isEqualTo(1);
            assertThat(s.at("/counters/1/noShow").asInt()).isEqualTo(1);
            assertThat(s.at("/officers/510001/waitMinutes/p90").asDouble()).isEqualTo(21.0);
            assertThat(s.at("/incompleteByMaterial").toString()).isEqualTo("{\"户口簿\":1}");
            JsonNode r = s.path("ratings");
            assertThat(r.path("rated").asInt()).isEqualTo(3);
            assertThat(r.path("goodRate").asDouble()).isEqualTo(66.7); // (3+4+5) = 2 of 3
            assertThat(r.path("bad").asInt()).isEqualTo(1);
            assertThat(r.path("badReasons").toString()).isEqualTo("{\"slow\":1}");
            assertThat(r.path("notRatedShare").asDouble()).isEqualTo(0.0);
            assertThat(r.at("/byOfficer/510001/rated").asInt()).isEqualTo(3);

            // the same as CSV, and the same again as a one-day range
            Http.Resp csv = hall.http().get("/api/v1/stats?format=csv", TestHall.ADMIN);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.raw()).startsWith("metric,value\n").contains("\nservices.id-card.done,2\n",
                    "\nratings.goodRate,66.7\n", "\ntimes.waitMinutes.p90,21.0\n", "\nincompleteByMaterial.户口簿,1\n");
            JsonNode range = hall.http().get("/api/v1/stats?from=2026-11-26&to=2026-11-27", TestHall.ADMIN).body();
            assertThat(range.path("from").asText()).isEqualTo("2026-11-26");
            assertThat(range.path("times")).isEqualTo(s.path("times"));
            assertThat(range.at("/ratings/goodRate").asDouble()).isEqualTo(66.7);

            for (String bad : new String[] {"from=2026-11-27", "from=2026-11-28&to=2026-11-27", "day=2026-11-27&from=2026-11-27&to=2026-11-27",
                    "from=2025-01-01&to=2026-11-27", "to=tomorrow&from=2026-11-01"}) {
                Http.Resp b = hall.http().get("/api/v1/stats?" + bad, TestHall.ADMIN);
                assertThat(b.status()).as(bad).isEqualTo(400);
                assertThat(b.text("type")).isEqualTo("urn:qms:problem:invalid-request");
            }
        }
    }
}
