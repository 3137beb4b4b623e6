package org.hallqms.display;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.Mosquitto;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class DisplayPublishingTest {
    static final String ROOT = "qms/demo-hall/";
    @TempDir
    Path dir;
    Mosquitto mosquitto;
    TestHall hall;

    @AfterEach
    void stop() {
        if (hall != null) {
            hall.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private void start(String broker) throws Exception {
        Files.createDirectories(dir.resolve("device-configs/devices"));
        Files.writeString(dir.resolve("device-configs/devices/screen-1.yaml"), """
                id: screen-1
                kind: window-screen
                counter: "1"
                rows: 1
                charsPerRow: 16
                templates:
                  calling: ["请{ticket}号到{counter}"]
                  serving: ["{ticket} {service}"]
                  idle: ["{counter}"]
                  paused: ["暂停"]
                  closed: ["{counter} 暂停服务"]
                """);
        if (broker.equals("mosquitto")) {
            mosquitto = new Mosquitto(dir.resolve("mosquitto"));
            hall = TestHall.start(dir, "QMS_MQTT_URL", mosquitto.url());
        } else {
            hall = TestHall.start(dir);
        }
    }

    @ParameterizedTest(name = "{0} broker")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void a_call_reaches_the_window_screen_the_main_board_and_the_announcement(String broker) throws Exception {
        start(broker);
        try (MqttProbe wall = hall.watcher(ROOT + "#")) {
            wall.await(ROOT + "service/state", s -> s.path("state").asText().equals("ready"));
            hall.issue("id-card", "a1");
            hall.issue("id-card", "a2");
            String token = hall.login("1", "510001");

            hall.act("1", token, "call-next");

            JsonNode display = wall.await(ROOT + "counters/1/display", d -> d.path("state").asText().equals("calling")).json();
            assertThat(display.path("ticket").asText()).isEqualTo("A001");
            assertThat(display.path("text").asText()).isEqualTo("请A001号到1号窗口办理");
            assertThat(display.path("v").asInt()).isEqualTo(1);
            assertThat(display.path("serviceName").asText()).isEqualTo("居民身份证");
            // rendered from the screen's own file: the firmware draws these rows as they are
            assertThat(display.path("lines").toString()).isEqualTo("[\"请A001号到1号窗口\"]");
            JsonNode call = wall.await(ROOT + "calls", c -> c.path("ticket").asText().equals("A001")).json();
            assertThat(call.path("speech").asText()).isEqualTo("请A001号到1号窗口办理");
            assertThat(call.path("recall").asInt()).isZero();
            assertThat(call.path("counter").asText()).isEqualTo("1");
            JsonNode board = wall.await(ROOT + "board", b -> b.path("recent").size() == 1).json();
            assertThat(board.path("recent").get(0).path("ticket").asText()).isEqualTo("A001");
            assertThat(board.path("waiting").path("id-card").asInt()).isEqualTo(1);

            hall.act("1", token, "recall");
            JsonNode recall = wall.await(ROOT + "calls", c -> c.path("recall").asInt() == 1).json();
            assertThat(recall.path("speech").asText()).isEqualTo("再次呼叫，请A001号到1号窗口办理");
            assertThat(wall.on(ROOT + "calls")).hasSize(2);
        }

        // A display that reboots shows the right thing at once, from retained topics only.
        try (MqttProbe rebooted = hall.watcher(ROOT + "#")) {
            MqttProbe.Msg d = rebooted.await(ROOT + "counters/1/display", x -> x.path("ticket").asText().equals("A001"));
            if (mosquitto != null) {
                // Moquette 0.17 delivers retained messages on subscribe without the RETAIN flag; content is right.
                assertThat(d.retained()).isTrue();
            }
            assertThat(d.json().path("state").asText()).isEqualTo("calling");
            assertThat(rebooted.await(ROOT + "board", b -> true).json().path("recent").size()).isEqualTo(1);
            assertThat(rebooted.await(ROOT + "service/state", s -> true).json().path("state").asText()).isEqualTo("ready");
            assertThat(rebooted.await(ROOT + "counters/2/display", x -> true).json().path("state").asText())
                    .isEqualTo("closed");
            JsonNode config = rebooted.await(ROOT + "devices/screen-1/config", x -> true).json();
            assertThat(config.path("charsPerRow").asInt()).isEqualTo(16);
            assertThat(config.path("counterName").asText()).isEqualTo("1号窗口");
            assertThat(rebooted.on(ROOT + "calls")).as("calls are not retained").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} broker")
    @ValueSource(strings = {"embedded"})
    void pause_and_finish_change_what_the_window_screen_says(String broker) throws Exception {
        start(broker);
        try (MqttProbe wall = new MqttProbe(hall.mqttUrl(), ROOT + "counters/1/display")) {
            hall.issue("id-card", "a1");
            String token = hall.login("1", "510001");
            hall.act("1", token, "call-next");
            hall.act("1", token, "start");
            assertThat(wall.await(ROOT + "counters/1/display", d -> d.path("state").asText().equals("serving"))
                    .json().path("text").asText()).isEqualTo("A001 正在办理");
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
            wall.await(ROOT + "counters/1/display", d -> d.path("state").asText().equals("idle"));
            hall.act("1", token, "pause", "{\"reason\":\"午休\"}");
            assertThat(wall.await(ROOT + "counters/1/display", d -> d.path("state").asText().equals("paused"))
                    .json().path("text").asText()).isEqualTo("暂停服务：午休");
        }
    }
}
