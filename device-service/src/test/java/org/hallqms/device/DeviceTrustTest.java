package org.hallqms.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hallqms.config.ConfigException;
import org.hallqms.config.ConfigLoader;
import org.hallqms.support.Http;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Making, listing and rotating device secrets; transition; anonymous clients; the files for Mosquitto. */
class DeviceTrustTest {
    private static final String ROOT = "qms/demo-hall/";

    @TempDir
    Path dir;

    @Test
    void a_new_secret_is_shown_once_stored_only_as_a_hash_and_ends_the_old_one_and_its_session_at_once() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(hall.listedDevice("eval-3").path("secret").asBoolean()).isFalse();
            assertThat(hall.listedDevice("eval-3").path("needsSecret").asBoolean()).isTrue();

            Http.Resp first = hall.http().post("/api/v1/devices/eval-3/secret", "", TestHall.ADMIN);
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.body().path("device").asText()).isEqualTo("eval-3");
            assertThat(first.body().path("username").asText()).isEqualTo("eval-3");
            String old = first.text("password");
            assertThat(old).matches("[A-Za-z0-9_-]{32}");
            JsonNode listed = hall.listedDevice("eval-3");
            assertThat(listed.path("secret").asBoolean()).isTrue();
            assertThat(listed.path("needsSecret").asBoolean()).isFalse();
            assertThat(listed.path("secretSince").asText()).startsWith("2026-11-27T");
            assertThat(listed.toString()).doesNotContain(old);
            // stored as Mosquitto's hash only; the log says that it changed, never what it is
            String stored = hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT hash FROM device_secrets WHERE device = 'eval-3'")) {
                    return rs.getString(1);
                }
            });
            assertThat(stored).matches("\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}").doesNotContain(old);
            assertThat(MosquittoHash.matches(old, stored)).isTrue();
            assertThat(hall.events("device.secret-set")).singleElement()
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(old).doesNotContain(stored));

            try (MqttProbe live = MqttProbe.as(hall.mqttUrl(), "eval-3", old, "eval-3", ROOT + "evaluators/eval-3/session")) {
                assertThat(live.connected()).isTrue();
                String fresh = hall.http().post("/api/v1/devices/eval-3/secret", "", TestHall.ADMIN).text("password");
                assertThat(fresh).isNotEqualTo(old);
                // its live session ends at once, and the old secret no longer lets it back
                await().atMost(Duration.ofSeconds(60)).until(() -> !live.connected());
                assertThatThrownBy(() -> MqttProbe.as(hall.mqttUrl(), "eval-3", old, "eval-3").close())
                        .hasMessageContaining("cannot connect");
                MqttProbe.as(hall.mqttUrl(), "eval-3", fresh, "eval-3").close();
            }
            // nor any other password, no password, or another device's client id
            assertThatThrownBy(() -> MqttProbe.as(hall.mqttUrl(), "eval-3", "", "eval-3").close()).hasMessageContaining("cannot connect");
            assertThatThrownBy(() -> MqttProbe.as(hall.mqttUrl(), "eval-3", "x".repeat(32), "eval-3").close())
                    .hasMessageContaining("cannot connect");
            assertThatThrownBy(() -> MqttProbe.as(hall.mqttUrl(), "ghost-9", "", "ghost-9").close()).hasMessageContaining("cannot connect");
            assertThat(hall.http().post("/api/v1/devices/ghost-9/secret", "", TestHall.ADMIN).text("type"))
                    .isEqualTo("urn:qms:problem:unknown-device");
            assertThat(hall.http().post("/api/v1/devices/eval-3/secret", "", null).status()).isEqualTo(401);
            assertThat(hall.http().post("/api/v1/devices/eval-3/secret", "", "wrong-token-0123456789").status()).isEqualTo(401);
            assertThat(hall.events("device.secret-set")).hasSize(2);
        }
    }

    @Test
    void an_upgraded_hall_whose_devices_have_no_secret_keeps_running_and_says_which_need_one() {
        try (TestHall hall = TestHall.start(dir);
             MqttProbe acks = hall.watcher(ROOT + "devices/+/ack")) {
            // as before v1.1: no user name, the device id (or qms-<id>) as client id; and by user name, no password
            try (MqttProbe oldScreen = new MqttProbe(hall.mqttUrl(), "qms-screen-1", true, ROOT + "counters/1/display");
                 MqttProbe keypad = MqttProbe.as(hall.mqttUrl(), "caller-3", null, "caller-3", ROOT + "devices/caller-3/ack")) {
                oldScreen.publish(ROOT + "devices/screen-1/state", "{\"v\":1,\"state\":\"ready\",\"kind\":\"window-screen\"}"
                        .getBytes(StandardCharsets.UTF_8), true);
                await().atMost(Duration.ofSeconds(60)).until(() -> hall.listedDevice("screen-1").path("state").asText().equals("ready"));
                JsonNode ack = keypad.request(ROOT + "callers/caller-3/command", "{\"v\":1,\"id\":\"t1\",\"action\":\"next\"}",
                        ROOT + "devices/caller-3/ack", a -> a.path("id").asText().equals("t1")).json();
                assertThat(ack.path("error").asText()).as("answered: it got through").isEqualTo("counter_closed");
                // but only as itself
                long before = hall.events("device.state").size();
                oldScreen.publishUnanswered(ROOT + "devices/eval-1/state", "{\"v\":1,\"state\":\"lost\"}");
                keypad.publishUnanswered(ROOT + "evaluators/eval-1/rating", "{\"v\":1,\"id\":\"t2\",\"level\":1}");
                await().atMost(Duration.ofSeconds(60)).until(() -> hall.http().get("/metrics", null).raw()
                        .contains("qms_mqtt_refused_total{identity=\"caller-3\",reason=\"publish-denied\"} 1"));
                assertThat(hall.http().get("/metrics", null).raw())
                        .contains("qms_mqtt_refused_total{identity=\"screen-1\",reason=\"publish-denied\"} 1");
                assertThat(hall.events("device.state")).hasSize((int) before);
            }
            assertThat(hall.listedDevice("screen-1").path("needsSecret").asBoolean()).isTrue();
            assertThat(hall.listedDevice("caller-3").path("needsSecret").asBoolean()).isTrue();
            // its first secret ends the transition for that device
            hall.secret("caller-3");
            assertThatThrownBy(() -> MqttProbe.as(hall.mqttUrl(), "caller-3", null, "caller-3").close())
                    .hasMessageContaining("cannot connect");
            assertThat(hall.listedDevice("caller-3").path("needsSecret").asBoolean()).isFalse();
        }
    }

    @Test
    void anonymous_clients_watch_the_wall_by_default_and_are_refused_with_anonymous_off() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            try (MqttProbe wall = new MqttProbe(hall.mqttUrl(), ROOT + "board", ROOT + "calls", ROOT + "counters/+/display",
                    ROOT + "service/state")) {
                wall.await(ROOT + "service/state", s -> s.path("state").asText().equals("ready"));
                wall.await(ROOT + "board", b -> true);
            }
            assertThatThrownBy(() -> new MqttProbe(hall.mqttUrl(), ROOT + "alarms").close()).hasMessageContaining("cannot connect");
        }
        try (TestHall hall = TestHall.start(Files.createDirectories(dir.resolve("off")), "QMS_MQTT_ANONYMOUS", "off")) {
            assertThatThrownBy(() -> new MqttProbe(hall.mqttUrl(), ROOT + "board").close()).hasMessageContaining("cannot connect");
            // devices with their secrets, and the service, work as ever
            try (MqttProbe board = hall.device("board-main", ROOT + "board")) {
                board.await(ROOT + "board", b -> true);
            }
            assertThat(hall.http().get("/health", null).body().path("broker").path("connected").asBoolean()).isTrue();
        }
    }

    @Test
    void a_bad_anonymous_mode_is_refused_with_one_line_naming_the_key() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                Map.of("QMS_MQTT_ANONYMOUS", "read")));
        assertThat(e.problems()).containsExactly("QMS_MQTT_ANONYMOUS: 'read' is not 'watch' (clients without an identity "
                + "may read the wall topics, publish nothing) or 'off' (refused at connect)");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).mqttAnonymous()).isEqualTo("watch");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("QMS_MQTT_USER", "hall", "QMS_MQTT_PASSWORD", "p"))
                .mqttAnonymous()).as("a hall that closed its broker keeps it closed").isEqualTo("off");
    }

    @Test
    void mqtt_acl_writes_the_stored_hashes_and_the_rules_and_changes_nothing() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            String eval3 = hall.secret("eval-3");
            hall.secret("board-main");
            long head = hall.head().seq();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path to = dir.resolve("mosquitto");
            int rc = MqttAclTool.run(new String[] {"--out", to.toString()}, Map.of("QMS_DATA_DIR",
                    dir.resolve("data").toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
            List<String> passwords = Files.readAllLines(to.resolve("password_file"));
            assertThat(passwords).hasSize(3).allMatch(l -> l.matches("[a-z0-9-]+:\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}"));
            assertThat(passwords).anyMatch(l -> l.startsWith("qms-service:") && MosquittoHash.matches(hall.serviceSecret(),
                    l.substring(l.indexOf(':') + 1)));
            assertThat(passwords).anyMatch(l -> l.startsWith("eval-3:") && MosquittoHash.matches(eval3, l.substring(7)));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve("password_file"))))
                    .isEqualTo("rw-r-----");
            String acl = Files.readString(to.resolve("acl_file"));
            assertThat(acl).contains("user eval-3\ntopic write qms/demo-hall/devices/eval-3/state\n"
                    + "topic write qms/demo-hall/evaluators/eval-3/rating\ntopic read qms/demo-hall/evaluators/eval-3/session\n");
            assertThat(acl).contains("user caller-3\ntopic write qms/demo-hall/devices/caller-3/state\n"
                    + "topic write qms/demo-hall/callers/caller-3/command\ntopic read qms/demo-hall/counters/3/display\n");
            assertThat(acl).contains("user qms-service\ntopic write qms/demo-hall/#\ntopic read qms/demo-hall/#\n");
            assertThat(acl.substring(0, acl.indexOf("user "))).contains("topic read qms/demo-hall/board")
                    .doesNotContain("topic write");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("refuses these devices until they have a secret")
                    .contains("screen-1").doesNotContain(eval3);
            assertThat(hall.head().seq()).as("it only reads").isEqualTo(head);
            // the service's own secret, generated at the first start, is for the service's user only
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/mqtt-service.secret"))))
                    .isEqualTo("rw-------");

            assertThat(MqttAclTool.run(new String[] {"--out", to.toString(), "--data", dir.resolve("nowhere").toString()},
                    Map.of(), new PrintStream(out), new PrintStream(err))).isEqualTo(1);
            assertThat(MqttAclTool.run(new String[] {}, Map.of(), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        }
    }

    @Test
    void our_hashes_read_like_mosquitto_passwd_and_its_hashes_verify_here() throws Exception {
        Path tool = Path.of("/usr/bin/mosquitto_passwd");
        if (!Files.isExecutable(tool)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("mosquitto_passwd is missing (apt-get install -y mosquitto)");
            }
            Assumptions.abort("mosquitto_passwd is not installed");
        }
        Path file = dir.resolve("theirs");
        Process p = new ProcessBuilder(tool.toString(), "-c", "-b", file.toString(), "eval-3", "s3cret-Of-theirs")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String theirs = Files.readString(file).trim();
        String hash = theirs.substring("eval-3:".length());
        assertThat(MosquittoHash.matches("s3cret-Of-theirs", hash)).isTrue();
        assertThat(MosquittoHash.matches("s3cret-Of-theirS", hash)).isFalse();
        String ours = MosquittoHash.hash("s3cret-Of-theirs");
        // the same shape: $7$, 101 iterations, 12-byte salt and 64-byte hash in padded base64
        assertThat(ours.replaceAll("[A-Za-z0-9+/=]", "x")).isEqualTo(hash.replaceAll("[A-Za-z0-9+/=]", "x"));
        assertThat(MosquittoHash.matches("s3cret-Of-theirs", "plain")).isFalse();
        assertThat(MosquittoHash.matches("s3cret-Of-theirs", "$6$101$abc$def")).isFalse();
    }

    @Test
    void the_secrets_writer_puts_the_answer_into_secrets_yaml_for_esphome_and_keeps_other_lines() throws Exception {
        Path file = dir.resolve("esphome/secrets.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "wifi_password: \"hall-wifi\"\nqms_screen_1_mqtt_password: \"old-old-old-old-old\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String answer = "{\"device\":\"screen-1\",\"username\":\"screen-1\",\"password\":\"AbCdEfGhIjKlMnOpQrStUvWxYz012345\"}";
        int rc = org.hallqms.display.DeviceConfigToolAccess.secrets(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)),
                file, new PrintStream(out), System.err);
        assertThat(rc).isZero();
        assertThat(Files.readAllLines(file)).containsExactly("wifi_password: \"hall-wifi\"",
                "qms_screen_1_mqtt_password: \"AbCdEfGhIjKlMnOpQrStUvWxYz012345\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // a refused request's problem+json is not a secret
        assertThat(org.hallqms.display.DeviceConfigToolAccess.secrets(new ByteArrayInputStream(
                "{\"type\":\"urn:qms:problem:unknown-device\"}".getBytes(StandardCharsets.UTF_8)), file, new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
        assertThat(Files.readString(file)).contains("AbCdEfGhIjKlMnOpQrStUvWxYz012345");
    }
}
