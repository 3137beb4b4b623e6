package org.hallqms.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hallqms.support.ChildService;
import org.hallqms.support.FreePort;
import org.hallqms.support.Http;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.Mosquitto;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerOutageTest {
    static final String ROOT = "qms/demo-hall/";
    @TempDir
    Path dir;

    private static List<String> calls(MqttProbe p) {
        return p.on(ROOT + "calls").stream().map(m -> m.json().path("ticket").asText() + "/" + m.json().path("recall").asInt())
                .toList();
    }

    @Test
    void calls_made_while_mosquitto_is_down_go_out_once_in_order_when_it_is_back() throws Exception {
        try (Mosquitto mosquitto = new Mosquitto(dir.resolve("mosquitto"));
             TestHall hall = TestHall.start(dir, "QMS_MQTT_URL", mosquitto.url())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> brokerConnected(hall));
            try (MqttProbe wall = new MqttProbe(mosquitto.url(), "main-board", false, ROOT + "calls")) {
                for (int i = 0; i < 6; i++) {
                    hall.issue("id-card", "t" + i);
                }
                String token = hall.login("1", "510001");
                hall.act("1", token, "call-next");
                hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
                await().atMost(Duration.ofSeconds(60)).until(() -> calls(wall).size() == 1);

                mosquitto.stop();
                await().atMost(Duration.ofSeconds(60)).until(() -> !brokerConnected(hall));
                for (int i = 0; i < 4; i++) {
                    assertThat(hall.act("1", token, "call-next").status()).as("the hall works without MQTT").isEqualTo(200);
                    if (i < 3) {
                        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
                    }
                }
                hall.act("1", token, "recall");
                mosquitto.start();

                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> calls(wall).size() >= 6);
                } catch (RuntimeException e) {
                    System.err.println("diagnosis: calls=" + calls(wall) + " probeConnected=" + wall.connected() + " health="
                            + hall.http().get("/health", null).raw());
                    throw e;
                }
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> calls(wall).size() == 6);
                assertThat(calls(wall)).containsExactly("A001/0", "A002/0", "A003/0", "A004/0", "A005/0", "A005/1");
            }
            JsonNode db = hall.http().get("/api/v1/counters/1", null).body();
            try (MqttProbe rebooted = new MqttProbe(mosquitto.url(), ROOT + "counters/1/display", ROOT + "board")) {
                JsonNode shown = rebooted.await(ROOT + "counters/1/display", d -> true).json();
                assertThat(shown.path("ticket").asText()).isEqualTo(db.path("ticket").path("number").asText()).isEqualTo("A005");
                assertThat(shown.path("state").asText()).isEqualTo("calling");
                assertThat(rebooted.await(ROOT + "board", b -> true).json().path("waiting").path("id-card").asInt())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void a_call_committed_just_before_a_crash_is_announced_once_after_the_restart() throws Exception {
        try (Mosquitto mosquitto = new Mosquitto(dir.resolve("mosquitto"))) {
            mosquitto.stop(); // the broker is down: the call commits but cannot be published
            Path catalog = dir.resolve("catalog.json");
            try (InputStream in = TestHall.class.getResourceAsStream("/test-hall.json")) {
                Files.copy(in, catalog);
            }
            Map<String, String> env = Map.of("QMS_DATA_DIR", dir.resolve("data").toString(), "QMS_HTTP_PORT", "0",
                    "QMS_HTTP_HOST", "127.0.0.1", "QMS_CATALOG", catalog.toString(), "QMS_MQTT_URL", mosquitto.url(),
                    "QMS_ADMIN_TOKEN", TestHall.ADMIN, "QMS_MQTT_PORT", Integer.toString(FreePort.find()));
            ChildService first = new ChildService(env);
            Http http = new Http(first.port());
            http.post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"x1\"}", null);
            String token = http.post("/api/v1/counters/1/session", "{\"officer\":\"510001\",\"pin\":\"123456\"}", null)
                    .text("token");
            assertThat(http.post("/api/v1/counters/1/call-next", "", token).status()).isEqualTo(200);
            first.kill();

            mosquitto.start();
            try (MqttProbe wall = new MqttProbe(mosquitto.url(), ROOT + "calls");
                 ChildService second = new ChildService(env)) {
                wall.await(ROOT + "calls", c -> c.path("ticket").asText().equals("A001"));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> calls(wall).size() == 1);
                assertThat(new Http(second.port()).get("/api/v1/counters/1", null).body().path("ticket").path("number")
                        .asText()).isEqualTo("A001");
            }
        }
    }

    @Test
    void when_the_service_dies_its_last_will_tells_every_display_it_is_lost() throws Exception {
        try (Mosquitto mosquitto = new Mosquitto(dir.resolve("mosquitto"))) {
            Path catalog = dir.resolve("catalog.json");
            try (InputStream in = TestHall.class.getResourceAsStream("/test-hall.json")) {
                Files.copy(in, catalog);
            }
            ChildService service = new ChildService(Map.of("QMS_DATA_DIR", dir.resolve("data").toString(),
                    "QMS_HTTP_PORT", "0", "QMS_HTTP_HOST", "127.0.0.1", "QMS_CATALOG", catalog.toString(),
                    "QMS_MQTT_URL", mosquitto.url(), "QMS_ADMIN_TOKEN", TestHall.ADMIN));
            try (MqttProbe wall = new MqttProbe(mosquitto.url(), ROOT + "service/state")) {
                wall.await(ROOT + "service/state", st -> st.path("state").asText().equals("ready"));

                service.kill();

                wall.await(ROOT + "service/state", st -> st.path("state").asText().equals("lost"));
            }
            try (MqttProbe rebooted = new MqttProbe(mosquitto.url(), ROOT + "service/state")) {
                assertThat(rebooted.await(ROOT + "service/state", st -> true).json().path("state").asText()).isEqualTo("lost");
            }
        }
    }

    private static boolean brokerConnected(TestHall hall) {
        return hall.http().get("/health", null).body().path("broker").path("connected").asBoolean();
    }
}
