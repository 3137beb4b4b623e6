package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hallqms.support.ChildService;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashTest {
    @TempDir
    Path dir;

    @Test
    void every_acknowledged_ticket_survives_kill_minus_9_and_numbering_continues_without_reuse() throws Exception {
        Path catalog = dir.resolve("catalog.json");
        try (InputStream in = TestHall.class.getResourceAsStream("/test-hall.json")) {
            Files.copy(in, catalog);
        }
        Map<String, String> env = Map.of("QMS_DATA_DIR", dir.resolve("data").toString(), "QMS_HTTP_PORT", "0",
                "QMS_MQTT_PORT", Integer.toString(org.hallqms.support.FreePort.find()),
                "QMS_HTTP_HOST", "127.0.0.1", "QMS_CATALOG", catalog.toString(), "QMS_ADMIN_TOKEN", TestHall.ADMIN);
        String[] services = {"id-card", "household", "certificate"};
        ConcurrentLinkedQueue<JsonNode> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();

        ChildService first = new ChildService(env);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread c = new Thread(() -> {
                Http http = new Http(first.port());
                for (int i = 0; !stop.get(); i++) {
                    try {
                        Http.Resp r = http.post("/api/v1/tickets", "{\"service\":\"" + services[(thread + i) % 3]
                                + "\",\"requestId\":\"c" + thread + "-" + i + "\"}", null);
                        if (r.status() == 201) {
                            acked.add(r.body());
                        }
                    } catch (RuntimeException e) {
                        return; // the service is gone
                    }
                }
            });
            c.start();
            clients.add(c);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 400);
        first.kill();
        stop.set(true);
        for (Thread c : clients) {
            c.join(30_000);
        }

        Map<String, Integer> highest = new HashMap<>();
        try (ChildService second = new ChildService(env)) {
            Http http = new Http(second.port());
            for (JsonNode t : acked) {
                Http.Resp r = http.get("/api/v1/tickets/" + t.get("id").asText(), null);
                assertThat(r.status()).as("acknowledged ticket %s after the crash", t.get("number")).isEqualTo(200);
                assertThat(r.body().path("ticket").path("number").asText()).isEqualTo(t.get("number").asText());
                highest.merge(t.get("service").asText(), Integer.parseInt(t.get("number").asText().substring(1)),
                        Math::max);
            }
            for (String s : services) {
                Http.Resp r = http.post("/api/v1/tickets", "{\"service\":\"" + s + "\",\"requestId\":\"after-" + s
                        + "\"}", null);
                assertThat(r.status()).isEqualTo(201);
                assertThat(Integer.parseInt(r.text("number").substring(1))).as("next %s number", s)
                        .isGreaterThan(highest.getOrDefault(s, 0));
            }
        }

        try (Store store = Store.open(dir.resolve("data"), Clock.systemUTC(), ZoneId.of("Asia/Shanghai"))) {
            assertThat(store.firstBrokenSeq()).isEqualTo(-1);
            long[] counts = store.read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM tickets), "
                        + "(SELECT COUNT(*) FROM events WHERE type = 'ticket.issued'), "
                        + "(SELECT COUNT(DISTINCT day || label) FROM tickets)")) {
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
            });
            assertThat(counts[1]).as("one ticket.issued per ticket").isEqualTo(counts[0]);
            assertThat(counts[2]).as("no number issued twice").isEqualTo(counts[0]);
            assertThat(counts[0]).isGreaterThanOrEqualTo(acked.size() + 3L);
        }
    }
}
