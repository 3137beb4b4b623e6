package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    private static String scrape(TestHall hall) {
        var r = hall.http().get("/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
        return r.raw();
    }

    @Test
    void metrics_show_the_queue_the_oldest_wait_ratings_devices_broker_and_sync_lag_in_prometheus_text() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 3; i++) {
                hall.issue("id-card", "m" + i);
            }
            String token = hall.login("1", "510001");
            hall.act("1", token, "call-next");
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
            hall.clock.advance(Duration.ofMinutes(5));

            String m = scrape(hall);

            assertThat(m).contains("qms_tickets_issued{service=\"id-card\"} 3\n", "qms_tickets_served{service=\"id-card\"} 1\n",
                    "qms_tickets{service=\"id-card\",state=\"waiting\"} 2\n", "qms_oldest_wait_seconds{service=\"id-card\"} 300\n",
                    "qms_mqtt_connected 1\n", "qms_device_up{device=\"screen-1\",kind=\"window-screen\"} 0\n",
                    "qms_ratings{level=\"5\"} 0\n", "# TYPE qms_tickets gauge\n");
            assertThat(m).doesNotContain("\nqms_sync_lag_events ");
            for (String line : m.split("\n")) {
                assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\"[^\"]*\"(,[a-z]+=\"[^\"]*\")*})? -?\\d+");
            }

            long head = hall.head().seq();
            hall.http().get("/api/v1/sync/events?after=2", TestHall.SYNC);
            assertThat(scrape(hall)).contains("qms_sync_lag_events " + (head - 2) + "\n");
            hall.http().get("/api/v1/sync/events?after=" + head, TestHall.SYNC);
            assertThat(scrape(hall)).contains("qms_sync_lag_events 0\n");
        }
    }
}
