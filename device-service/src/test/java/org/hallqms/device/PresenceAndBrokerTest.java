package org.hallqms.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresenceAndBrokerTest {
    static final String ROOT = "qms/demo-hall/";
    @TempDir
    Path dir;

    @Test
    void a_device_reports_ready_then_lost_and_each_change_is_an_event_with_its_last_seen_time() {
        try (TestHall hall = TestHall.start(dir); MqttProbe screen = hall.devices(ROOT + "devices/+/ack")) {
            assertThat(hall.listedDevice("screen-1").path("state").asText()).isEqualTo("unknown");

            screen.publish(ROOT + "devices/screen-1/state", "{\"v\":1,\"state\":\"ready\",\"kind\":\"window-screen\",\"fw\":\"1.4.2\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
            await().atMost(Duration.ofSeconds(60)).until(() -> hall.listedDevice("screen-1").path("state").asText().equals("ready"));
            assertThat(hall.listedDevice("screen-1").path("fw").asText()).isEqualTo("1.4.2");
            assertThat(hall.listedDevice("screen-1").path("lastSeen").asText()).isNotBlank();

            // retained, as the contract has devices publish their state: a service that re-subscribes (after a
            // dropped connection) then reads the latest one, not a stale "ready"
            screen.publish(ROOT + "devices/screen-1/state", "{\"state\":\"ready\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
            screen.publish(ROOT + "devices/screen-1/state", "{\"state\":\"lost\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
            await().atMost(Duration.ofSeconds(60)).until(() -> hall.listedDevice("screen-1").path("state").asText().equals("lost"));
            assertThat(hall.events("device.state")).extracting(e -> e.path("state").asText()).containsExactly("ready", "lost");

            screen.publish(ROOT + "devices/screen-1/state", "{\"state\":\"asleep\"}");
            JsonNode ack = screen.await(ROOT + "devices/screen-1/ack", a -> true).json();
            assertThat(ack.path("error").asText()).isEqualTo("malformed");
            assertThat(hall.events("device.state")).hasSize(2);
            assertThat(hall.http().get("/health", null).body().path("broker").path("rejected").asInt()).isPositive();
        }
    }

    @Test
    void a_device_flapping_quickly_ends_in_its_last_state_with_its_changes_logged_in_the_order_it_sent_them() {
        try (TestHall hall = TestHall.start(dir); MqttProbe screen = hall.device("screen-3", ROOT + "devices/screen-3/ack")) {
            // 41 states back to back, as a screen on a failing cable sends them: the last one is "lost"
            List<String> sent = new java.util.ArrayList<>();
            for (int i = 0; i <= 40; i++) {
                String state = i % 2 == 0 ? "lost" : "ready";
                sent.add(state);
                screen.publish(ROOT + "devices/screen-3/state", "{\"v\":1,\"state\":\"" + state + "\"}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> hall.events("device.state").size() == sent.size());
            assertThat(hall.events("device.state")).extracting(e -> e.path("state").asText()).isEqualTo(sent);
            assertThat(hall.listedDevice("screen-3").path("state").asText()).isEqualTo("lost");
        }
    }

    @Test
    void a_taken_mqtt_port_stops_the_start_with_one_line_naming_the_fix() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestHall.start(dir, "QMS_MQTT_PORT", Integer.toString(taken.getLocalPort())))
                    .isInstanceOf(EmbeddedBroker.BrokerStartException.class)
                    .hasMessageContaining("MQTT port " + taken.getLocalPort())
                    .hasMessageContaining("set QMS_MQTT_PORT to a free port, or QMS_MQTT_URL=tcp://127.0.0.1:");
        }
    }

    @Test
    void with_credentials_set_the_embedded_broker_refuses_anonymous_clients_and_the_service_still_connects() {
        try (TestHall hall = TestHall.start(dir, "QMS_MQTT_USER", "hall", "QMS_MQTT_PASSWORD", "s3cret-broker")) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    hall.http().get("/health", null).body().path("broker").path("connected").asBoolean());
            assertThatThrownBy(() -> new MqttProbe(hall.mqttUrl(), ROOT + "#").close())
                    .hasMessageContaining("cannot connect");
        }
    }
}
