package org.hallqms.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keypad on a flaky Wi-Fi resends a press it got no ack for (MQTT contract: "a repeated id gets the first
 * answer again"). The officer must not skip a citizen because the press arrived twice, and the keypad must not
 * show "busy" for a press that worked.
 */
class KeypadReplayTest {
    static final String ROOT = "qms/demo-hall/";
    static final String ACKS = ROOT + "devices/caller-3/ack";
    @TempDir
    Path dir;
    TestHall hall;
    MqttProbe device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
        if (hall != null) {
            hall.close();
        }
    }

    private List<JsonNode> acks(String id) {
        return device.on(ACKS).stream().map(m -> m.json()).filter(a -> id.equals(a.path("id").asText())).toList();
    }

    private void press(String id, String action) {
        device.publish(ROOT + "callers/caller-3/command", "{\"v\":1,\"id\":\"" + id + "\",\"action\":\"" + action + "\"}");
    }

    @Test
    void a_press_delivered_twice_gets_its_first_ack_again_and_calls_once() {
        hall = TestHall.start(dir);
        device = hall.devices(ROOT + "devices/+/ack");
        hall.issue("household", "h1");
        hall.issue("household", "h2");
        hall.login("3", "510003");

        press("k1", "next");
        await().atMost(Duration.ofSeconds(60)).until(() -> acks("k1").size() == 1);
        press("k1", "next");
        await().atMost(Duration.ofSeconds(60)).until(() -> acks("k1").size() == 2);

        assertThat(acks("k1").get(1)).as("the resent press's ack").isEqualTo(acks("k1").get(0));
        assertThat(acks("k1").get(0).path("ok").asBoolean()).isTrue();
        assertThat(hall.events("ticket.called")).as("one call for one press").hasSize(1);
        assertThat(hall.http().get("/api/v1/counters/3", null).body().path("ticket").path("number").asText())
                .isEqualTo("B001");
    }

    @Test
    void a_refused_press_delivered_twice_is_refused_the_same_way_and_changes_nothing() {
        hall = TestHall.start(dir);
        device = hall.devices(ROOT + "devices/+/ack");
        hall.issue("household", "h1");
        hall.login("3", "510003");
        press("k1", "next");
        await().atMost(Duration.ofSeconds(60)).until(() -> acks("k1").size() == 1);

        press("k2", "next");
        await().atMost(Duration.ofSeconds(60)).until(() -> acks("k2").size() == 1);
        press("k2", "next");
        await().atMost(Duration.ofSeconds(60)).until(() -> acks("k2").size() == 2);

        assertThat(acks("k2").get(0).path("error").asText()).isEqualTo("counter_busy");
        assertThat(acks("k2").get(1)).isEqualTo(acks("k2").get(0));
        assertThat(hall.events("ticket.called")).hasSize(1);
    }
}
