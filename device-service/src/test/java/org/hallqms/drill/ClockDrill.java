package org.hallqms.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board's clock steps a day forward and then an hour back (NTP on a board without a battery clock), while
 * a kiosk issues and a window serves: the day changes once, numbers restart once and are never reused, no
 * acknowledged ticket is lost, and the chain verifies.
 */
class ClockDrill {
    @TempDir
    Path dir;

    @Test
    void the_clock_stepping_a_day_forward_and_an_hour_back_under_load_neither_loses_nor_renumbers() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread kiosk = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    Http.Resp r = hall.issue("id-card", "c-" + i);
                    if (r.status() == 201) {
                        acked.put(r.text("id"), r.body().path("issuedAt").asText().substring(0, 10) + " " + r.text("number"));
                    }
                }
            });
            String token = hall.login("2", "510002");
            Thread window = new Thread(() -> {
                while (!stop.get()) {
                    if (hall.act("2", token, "call-next").status() == 200) {
                        hall.act("2", token, "finish", "{\"outcome\":\"done\"}");
                    }
                }
            });
            kiosk.start();
            window.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 100);
            int beforeStep = acked.size();
            hall.clock.advance(Duration.ofDays(1));
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.values().stream().filter(v -> v.startsWith("2026-11-28"))
                    .count() >= 100);
            hall.clock.advance(Duration.ofHours(-1));
            long on28 = acked.values().stream().filter(v -> v.startsWith("2026-11-28")).count();
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.values().stream().filter(v -> v.startsWith("2026-11-28"))
                    .count() >= on28 + 100);
            stop.set(true);
            kiosk.join(60_000);
            window.join(60_000);

            // every acknowledged ticket is there, no day+number twice, numbers restarted exactly once
            for (var e : acked.entrySet()) {
                assertThat(hall.http().get("/api/v1/tickets/" + e.getKey(), null).status()).isEqualTo(200);
            }
            assertThat(acked.values()).doesNotHaveDuplicates();
            assertThat(acked.values()).contains("2026-11-27 A001", "2026-11-28 A001");
            List<String> days = acked.values().stream().map(v -> v.substring(0, 10)).distinct().sorted().toList();
            assertThat(days).containsExactly("2026-11-27", "2026-11-28");
            // the hour back was still the 28th for the hall: the business day never goes back
            assertThat(hall.http().get("/health", null).body().path("businessDay").asText()).isEqualTo("2026-11-28");
            assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1);
            long expired = hall.events("ticket.expired").size();
            Drills.passed("clock +1 day, then -1 hour, under load", acked.size() + " tickets acknowledged ("
                    + beforeStep + "+ before the step), all present; numbers restarted once at the day change, never "
                    + "reused after the hour back; " + expired + " of the 27th's unfinished tickets expired; chain verifies");
        }
    }
}
