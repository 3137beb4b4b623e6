package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminViewsTest {
    @TempDir
    Path dir;

    @Test
    void the_queue_and_the_days_figures_show_what_happened_at_the_windows() {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 4; i++) {
                hall.issue("id-card", "a" + i);
            }
            hall.issue("green", "g");
            String token = hall.login("1", "510001");
            hall.act("1", token, "call-next"); // G001 first
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
            hall.act("1", token, "call-next"); // A001
            hall.act("1", token, "no-show");
            hall.act("1", token, "call-next"); // A002
            hall.act("1", token, "finish", "{\"outcome\":\"incomplete\",\"missing\":[\"户口簿\"]}");

            JsonNode queue = hall.http().get("/api/v1/queue", TestHall.ADMIN).body();
            JsonNode idCard = queue.path("services").get(0);
            assertThat(idCard.path("code").asText()).isEqualTo("id-card");
            assertThat(idCard.path("waiting").asInt()).isEqualTo(2);
            assertThat(idCard.path("next").toString()).isEqualTo("[\"A003\",\"A004\"]");
            assertThat(queue.path("counters").get(0).path("officerName").asText()).isEqualTo("张警官");

            JsonNode stats = hall.http().get("/api/v1/stats", TestHall.ADMIN).body();
            assertThat(stats.path("day").asText()).isEqualTo("2026-11-27");
            JsonNode s = stats.path("services").path("id-card");
            assertThat(s.path("issued").asInt()).isEqualTo(4);
            assertThat(s.path("waiting").asInt()).isEqualTo(2);
            assertThat(s.path("noShow").asInt()).isEqualTo(1);
            assertThat(s.path("incomplete").asInt()).isEqualTo(1);
            assertThat(stats.path("total").path("done").asInt()).isEqualTo(1);
            assertThat(stats.path("total").path("issued").asInt()).isEqualTo(5);
            JsonNode yesterday = hall.http().get("/api/v1/stats?day=2026-11-26", TestHall.ADMIN).body();
            assertThat(yesterday.path("total").path("issued").asInt()).isZero();
        }
    }
}
