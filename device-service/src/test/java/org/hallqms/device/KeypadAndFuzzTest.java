package org.hallqms.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeypadAndFuzzTest {
    static final String ROOT = "qms/demo-hall/";
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

    private JsonNode command(String keypad, String id, String action) {
        return device.request(ROOT + "callers/" + keypad + "/command", "{\"v\":1,\"id\":\"" + id + "\",\"action\":\""
                + action + "\"}", ROOT + "devices/" + keypad + "/ack", a -> id.equals(a.path("id").asText(null))).json();
    }

    @Test
    void a_caller_keypad_calls_starts_and_finishes_for_the_officer_logged_in_at_its_counter() {
        hall = TestHall.start(dir);
        device = hall.devices(ROOT + "devices/+/ack");
        hall.issue("household", "h1");
        hall.issue("id-card", "a1");

        assertThat(command("caller-3", "k0", "next").path("error").asText()).as("nobody logged in").isEqualTo("counter_closed");
        hall.login("3", "510003");
        assertThat(command("caller-3", "k1", "next").path("ok").asBoolean()).isTrue();
        assertThat(hall.http().get("/api/v1/counters/3", null).body().path("ticket").path("number").asText()).isEqualTo("B001");
        assertThat(command("caller-3", "k2", "next").path("error").asText()).isEqualTo("counter_busy");
        assertThat(command("caller-3", "k3", "start").path("ok").asBoolean()).isTrue();
        assertThat(command("caller-3", "k4", "finish").path("ok").asBoolean()).isTrue();
        assertThat(command("caller-3", "k5", "dance").path("error").asText()).isEqualTo("malformed");
        assertThat(command("caller-1", "k6", "next").path("error").asText()).isEqualTo("unknown_device");

        // the same press delivered twice: one call, the first ack again
        JsonNode first = command("caller-3", "k7", "next");
        long calls = hall.events("ticket.called").size();
        device.publish(ROOT + "callers/caller-3/command", "{\"v\":1,\"id\":\"k7\",\"action\":\"next\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> device.on(ROOT + "devices/caller-3/ack").stream()
                .filter(m -> m.json().path("id").asText().equals("k7")).count() == 2);
        assertThat(first.path("ok").asBoolean()).isTrue();
        assertThat(hall.events("ticket.called")).hasSize((int) calls);
        assertThat(hall.events("ticket.finished")).singleElement()
                .satisfies(e -> assertThat(e.path("officer").asText()).isEqualTo("510003"));
    }

    @Test
    void ten_thousand_random_and_malformed_payloads_leave_the_service_up_answered_and_its_log_clean() {
        hall = TestHall.start(dir);
        device = hall.devices(ROOT + "devices/+/ack");
        String token = hall.login("1", "510001");
        hall.issue("id-card", "a");
        hall.act("1", token, "call-next");
        hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
        String session = hall.events("rating.requested").get(0).path("session").asText();

        Random r = new Random(20261127L);
        String[] devices = {"eval-1", "eval-3", "caller-3", "screen-1", "ghost-7", "eval-1", "eval-1"};
        String[] badLevels = {"Evil Device", "ÄÖ", "a+b", "", "x".repeat(40)};
        int expectedAcks = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean rating = r.nextBoolean();
            boolean goodLevel = r.nextInt(20) != 0;
            String dev = goodLevel ? devices[r.nextInt(devices.length)] : badLevels[r.nextInt(badLevels.length)];
            String topic = ROOT + (rating ? "evaluators/" : "callers/") + dev + (rating ? "/rating" : "/command");
            byte[] payload = payload(r, i, session);
            if (topic.contains("+") || topic.contains("#") || dev.isEmpty()) {
                topic = ROOT + (rating ? "evaluators/" : "callers/") + "bad_level" + (rating ? "/rating" : "/command");
                goodLevel = false;
            }
            device.publish(topic, payload, false);
            if (goodLevel) {
                expectedAcks++;
            }
        }
        int expected = expectedAcks;
        await().atMost(Duration.ofSeconds(120)).until(() -> device.all().size() >= expected);
        // exactly one answer per message that names a device; none for the ones that cannot be answered
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(20)).until(() -> device.all().size() == expected);

        assertThat(hall.http().get("/health", null).body().path("database").path("ok").asBoolean()).isTrue();
        List<JsonNode> ratings = hall.events("rating.recorded");
        assertThat(ratings).hasSizeLessThanOrEqualTo(1);
        for (JsonNode e : ratings) {
            assertThat(e.path("level").asInt()).isBetween(1, 5);
            assertThat(e.path("session").asText()).isEqualTo(session);
            if (e.path("level").asInt() <= 2) {
                assertThat(e.path("reasons").size()).isPositive();
            }
        }
        assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1);
        // and it still works
        assertThat(hall.issue("id-card", "after").status()).isEqualTo(201);
    }

    private static byte[] payload(Random r, int i, String session) {
        String id = "f" + i;
        return switch (r.nextInt(12)) {
            case 0 -> randomBytes(r, r.nextInt(200));
            case 1 -> new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'}; // invalid UTF-8
            case 2 -> ("{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(9000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 3 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"id\":\"" + id + "\",\"session\":").getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"id\":" + r.nextInt() + ",\"level\":5}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"id\":\"" + id + "\",\"session\":\"" + session + "\",\"level\":" + (r.nextInt(9) - 2)
                    + ",\"reasons\":" + (r.nextBoolean() ? "[\"attitude\"]" : "[]") + "}").getBytes(StandardCharsets.UTF_8);
            case 7 -> ("{\"id\":\"" + id + "\",\"session\":\"" + session + "\",\"level\":\"high\"}").getBytes(StandardCharsets.UTF_8);
            case 8 -> ("{\"id\":\"" + id + "\",\"action\":" + (r.nextBoolean() ? "\"next\"" : "42") + "}").getBytes(StandardCharsets.UTF_8);
            case 9 -> ("{\"v\":2,\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            case 10 -> "null".getBytes(StandardCharsets.UTF_8);
            default -> ("{\"id\":\"" + id + "\",\"session\":\"" + session + "\",\"level\":3.5,\"reasons\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    // A keypad on a flaky Wi-Fi resends a press it got no ack for (MQTT contract: "a repeated id gets the first
    // answer again"): the officer must not skip a citizen because the press arrived twice, and the keypad must not
    // show "busy" for a press that worked.
    private List<JsonNode> acks(String id) {
        return device.on(ROOT + "devices/caller-3/ack").stream().map(m -> m.json()).filter(a -> id.equals(a.path("id").asText())).toList();
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
