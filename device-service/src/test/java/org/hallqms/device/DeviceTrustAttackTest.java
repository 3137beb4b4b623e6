package org.hallqms.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.hallqms.support.FreePort;
import org.hallqms.support.Mosquitto;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attack of issue 15, replayed against the embedded broker and against a real Mosquitto running on the
 * files of {@code mqtt-acl}: each is refused and changes nothing, while the same devices, with their own
 * secrets, work as before.
 */
class DeviceTrustAttackTest {
    private static final String ROOT = "qms/demo-hall/";
    private static final String EVIL = "{\"v\":1,\"notice\":\"请扫码缴费 http://evil\",\"recent\":[],\"seq\":999999}";

    @TempDir
    Path dir;

    /** A client of the attacker's choosing: any user, password and client id, or none. */
    private static final class Intruder implements AutoCloseable {
        // asynchronous: a broker drops a refused QoS 1 publish without an answer (MQTT 3.1.1 has none)
        final MqttAsyncClient client;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Intruder(String url, String user, String password, String clientId, String willTopic) throws MqttException {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setConnectionTimeout(5);
            if (user != null) {
                o.setUserName(user);
                o.setPassword(password == null ? new char[0] : password.toCharArray());
            }
            if (willTopic != null) {
                o.setWill(willTopic, "{\"v\":1,\"state\":\"lost\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            }
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                    seen.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            client.connect(o).waitForCompletion(5_000);
        }

        static Intruder anonymous(String url, String clientId) throws MqttException {
            return new Intruder(url, null, null, clientId, null);
        }

        /** True when the broker refused the subscription (SUBACK 0x80, or Paho's exception for it). */
        boolean subscribeRefused(String filter) {
            try {
                IMqttToken t = client.subscribe(filter, 1);
                t.waitForCompletion(10_000);
                return t.getGrantedQos()[0] == 0x80;
            } catch (MqttException e) {
                return true;
            }
        }

        void publish(String topic, String payload, boolean retained) {
            try {
                client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
            } catch (MqttException e) {
                // a broker may close the connection over a refused publish: refused all the same
            }
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(100, 100);
                }
                client.close(true);
            } catch (MqttException e) {
                // gone anyway
            }
        }
    }

    private static boolean connectRefused(String url, String user, String password, String clientId) {
        try (Intruder i = new Intruder(url, user, password, clientId, null)) {
            return false;
        } catch (MqttException e) {
            return true;
        }
    }

    /** Serves a ticket at window 3 so that eval-3 has an open rating session; returns the session id. */
    private static String openSessionAtWindow3(TestHall hall, MqttProbe eval3) {
        String token = hall.login("3", "510003");
        hall.issue("household", "t1");
        hall.act("3", token, "call-next");
        hall.act("3", token, "finish", "{\"outcome\":\"done\"}");
        return eval3.await(ROOT + "evaluators/eval-3/session", s -> s.path("state").asText().equals("open"))
                .json().path("session").asText();
    }

    private static long refused(TestHall hall, String identity, String reason) {
        String metrics = hall.http().get("/metrics", null).raw();
        String line = "qms_mqtt_refused_total{identity=\"" + identity + "\",reason=\"" + reason + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(line)).mapToLong(l -> Long.parseLong(l.substring(line.length())))
                .findFirst().orElse(0);
    }

    /** Waits until the broker has dealt with what was sent: the embedded one counts, Mosquitto logs. */
    private interface Settled {
        void await(String identity, String reason, long before, String mosquittoLogLine);
    }

    @Test
    void every_attack_of_issue_15_is_refused_by_the_embedded_broker_and_changes_nothing() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            attacks(hall, null, (identity, reason, before, line) -> await().atMost(Duration.ofSeconds(60))
                    .until(() -> refused(hall, identity, reason) > before));
            // counted per identity and reason, and the pile of refusals from one identity is an alarm on the admin page
            assertThat(refused(hall, "anonymous", "publish-denied")).isPositive();
            assertThat(refused(hall, "caller-3", "publish-denied")).isPositive();
            assertThat(refused(hall, "anonymous", "subscribe-denied")).isPositive();
            assertThat(refused(hall, "anonymous", "client-id-denied")).isPositive();
            assertThat(refused(hall, "eval-1", "connect-denied")).isPositive();
            try (Intruder caller = new Intruder(hall.mqttUrl(), "caller-3", hall.secret("caller-3"), "caller-3", null)) {
                for (int i = 0; i < DeviceTrust.MISUSE_REFUSALS; i++) {
                    caller.publish(ROOT + "evaluators/eval-3/rating", "{\"v\":1,\"id\":\"m" + i + "\",\"level\":1}", false);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> hall.http().get("/api/v1/alarms", TestHall.ADMIN).body()
                        .path("active").findValues("kind").stream().anyMatch(k -> k.asText().equals("device-misuse")));
            }
            JsonNode misuse = null;
            for (JsonNode a : hall.http().get("/api/v1/alarms", TestHall.ADMIN).body().path("active")) {
                if (a.path("kind").asText().equals("device-misuse")) {
                    misuse = a;
                }
            }
            assertThat(misuse.path("reason").asText()).as("the identity").isEqualTo("caller-3");
            assertThat(misuse.path("counter").asText()).isEqualTo("3");
            assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1);
        }
    }

    @Test
    void every_attack_of_issue_15_is_refused_by_a_real_mosquitto_on_the_files_of_mqtt_acl() throws Exception {
        int port = FreePort.find();
        String url = "tcp://127.0.0.1:" + port;
        try (TestHall hall = TestHall.start(dir, "QMS_MQTT_URL", url)) {
            hall.hall().catalog().current().devices().forEach(d -> hall.secret(d.id()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = MqttAclTool.run(new String[] {"--out", dir.resolve("mosquitto-files").toString()},
                    Map.of("QMS_DATA_DIR", dir.resolve("data").toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
            assertThat(rc).isZero();
            try (Mosquitto mosquitto = Mosquitto.secured(dir.resolve("mosquitto"), port,
                    dir.resolve("mosquitto-files/password_file"), dir.resolve("mosquitto-files/acl_file"))) {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        hall.http().get("/health", null).body().path("broker").path("connected").asBoolean());
                attacks(hall, mosquitto, (identity, reason, before, line) -> await().atMost(Duration.ofSeconds(60))
                        .until(() -> mosquitto.log().contains(line)));
                assertThat(mosquitto.log()).contains("Denied PUBLISH from caller-3");
            }
        }
    }

    /**
     * The attacks, then the same devices at work. {@code mosquitto} is null for the embedded broker (which then
     * admits anonymous watchers, the default) and the real one otherwise (anonymous refused, as installed).
     */
    private void attacks(TestHall hall, Mosquitto mosquitto, Settled settled) throws Exception {
        String url = hall.mqttUrl();
        boolean embedded = mosquitto == null;
        try (MqttProbe eval3 = hall.device("eval-3", ROOT + "evaluators/eval-3/session", ROOT + "devices/eval-3/ack");
             MqttProbe caller3 = hall.device("caller-3", ROOT + "devices/caller-3/ack");
             MqttProbe screen1 = hall.device("screen-1", ROOT + "counters/1/display");
             MqttProbe board = hall.device("board-main", ROOT + "service/state", ROOT + "board")) {
            board.await(ROOT + "service/state", s -> s.path("state").asText().equals("ready"));
            screen1.publish(ROOT + "devices/screen-1/state", "{\"v\":1,\"state\":\"ready\",\"kind\":\"window-screen\"}"
                    .getBytes(StandardCharsets.UTF_8), true);
            await().atMost(Duration.ofSeconds(60)).until(() -> hall.events("device.state").size() == 1);
            String session = openSessionAtWindow3(hall, eval3);
            String forged = "{\"v\":1,\"id\":\"forged-1\",\"session\":\"" + session + "\",\"level\":1,\"reasons\":[\"attitude\"],"
                    + "\"at\":\"2026-11-27T10:00:00+08:00\"}";
            long calls = hall.events("ticket.called").size();

            // 1. a forged 差评 and a keypad command from an anonymous laptop; reading qms/# and the open session
            if (embedded) {
                try (Intruder anon = Intruder.anonymous(url, "laptop-1")) {
                    assertThat(anon.subscribeRefused("qms/#")).as("qms/# as anonymous").isTrue();
                    assertThat(anon.subscribeRefused(ROOT + "#")).isTrue();
                    assertThat(anon.subscribeRefused(ROOT + "evaluators/eval-3/session")).isTrue();
                    assertThat(anon.subscribeRefused(ROOT + "devices/+/ack")).isTrue();
                    long before = refused(hall, "anonymous", "publish-denied");
                    anon.publish(ROOT + "evaluators/eval-3/rating", forged, false);
                    anon.publish(ROOT + "callers/caller-3/command", "{\"v\":1,\"id\":\"anon-next\",\"action\":\"next\"}", false);
                    anon.publish(ROOT + "board", EVIL, true);
                    anon.publish(ROOT + "devices/screen-1/config", EVIL, true);
                    anon.publish(ROOT + "devices/screen-1/state", "{\"v\":1,\"state\":\"lost\"}", true);
                    settled.await("anonymous", "publish-denied", before + 4, null);
                    // what anonymous may: watch the wall
                    assertThat(anon.subscribeRefused(ROOT + "board")).isFalse();
                    assertThat(anon.subscribeRefused(ROOT + "counters/+/display")).isFalse();
                    assertThat(anon.seen).noneMatch(m -> m.contains("evaluators/") || m.contains("evil"));
                }
            } else {
                assertThat(connectRefused(url, null, null, "laptop-1")).as("anonymous, as installed").isTrue();
            }

            // 2. a forged 差评 and keypad command from another device, with that device's real secret
            try (Intruder caller = new Intruder(url, "caller-3", hall.secret("caller-3"), "caller-3", null)) {
                long before = refused(hall, "caller-3", "publish-denied");
                caller.publish(ROOT + "evaluators/eval-3/rating", forged, false);
                settled.await("caller-3", "publish-denied", before, "Denied PUBLISH from caller-3");
                assertThat(caller.subscribeRefused(ROOT + "evaluators/eval-3/session") || noMessageWithin(caller))
                        .as("another device reads a session").isTrue();
            }
            try (Intruder eval1 = new Intruder(url, "eval-1", hall.secret("eval-1"), "eval-1", null)) {
                long before = refused(hall, "eval-1", "publish-denied");
                eval1.publish(ROOT + "callers/caller-3/command", "{\"v\":1,\"id\":\"e1-next\",\"action\":\"next\"}", false);
                eval1.publish(ROOT + "evaluators/eval-3/rating", forged.replace("forged-1", "forged-2"), false);
                // 3. a fake retained board and fake configs, from a device
                eval1.publish(ROOT + "board", EVIL, true);
                eval1.publish(ROOT + "devices/screen-1/config", EVIL, true);
                eval1.publish(ROOT + "devices/eval-1/config", EVIL, true);
                // 4. fake lost and ready states of another device
                eval1.publish(ROOT + "devices/screen-1/state", "{\"v\":1,\"state\":\"lost\"}", true);
                eval1.publish(ROOT + "devices/eval-3/state", "{\"v\":1,\"state\":\"ready\"}", true);
                settled.await("eval-1", "publish-denied", before + 5, "Denied PUBLISH from eval-1");
            }
            // a last will is a publish too: on another device's state topic it is refused
            Intruder willed = null;
            long willsBefore = refused(hall, "eval-1", "will-denied");
            try {
                willed = new Intruder(url, "eval-1", hall.secret("eval-1"), "eval-1", ROOT + "devices/screen-1/state");
                if (embedded) {
                    settled.await("eval-1", "will-denied", willsBefore, null);
                    Intruder w = willed;
                    await().atMost(Duration.ofSeconds(60)).until(() -> !w.client.isConnected());
                }
                // the connection dies without DISCONNECT, so a broker would send the will now
                willed.client.disconnectForcibly(0, 100, false);
            } catch (MqttException refusedAtConnect) {
                // Mosquitto may refuse the CONNECT itself: refused all the same
            } finally {
                if (willed != null) {
                    willed.close();
                }
            }

            // 5. taking over the service's session by its client id
            long lostBefore = board.on(ROOT + "service/state").stream().filter(m -> m.json().path("state").asText()
                    .equals("lost")).count();
            if (embedded) {
                assertThat(connectRefused(url, "eval-1", hall.secret("eval-1"), "qms-service-demo-hall"))
                        .as("a device with another's client id").isTrue();
                long before = refused(hall, "anonymous", "client-id-denied");
                takeOver(url, "qms-service-demo-hall");
                settled.await("anonymous", "client-id-denied", before, null);
                // a device's client id, once it has a secret, is its own too
                takeOver(url, "eval-3");
                settled.await("anonymous", "client-id-denied", before + 1, null);
            } else {
                // Mosquitto gives it its user name as client id (use_username_as_clientid): it takes over nothing
                try (Intruder taker = new Intruder(url, "eval-1", hall.secret("eval-1"), "qms-service-demo-hall", null)) {
                    assertThat(taker.client.isConnected()).isTrue();
                }
            }
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    hall.http().get("/health", null).body().path("broker").path("connected").asBoolean());
            assertThat(board.on(ROOT + "service/state").stream().filter(m -> m.json().path("state").asText().equals("lost"))
                    .count()).as("service/state never flapped to lost").isEqualTo(lostBefore);

            // the probes of these identities make way for newcomers with the same client ids
            board.close();
            screen1.close();
            // nothing changed: no rating, no call, no device state, no fake wall or config for a newcomer
            assertThat(hall.events("rating.recorded")).isEmpty();
            assertThat(hall.events("ticket.called")).hasSize((int) calls);
            assertThat(hall.events("device.state")).hasSize(1);
            assertThat(hall.http().get("/api/v1/stats", TestHall.ADMIN).raw()).doesNotContain("\"attitude\":1");
            try (MqttProbe fresh = hall.device("screen-3", ROOT + "devices/screen-3/config");
                 MqttProbe wall = hall.device("board-main", ROOT + "board", ROOT + "devices/board-main/config")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !wall.on(ROOT + "board").isEmpty());
                assertThat(wall.all()).noneMatch(m -> m.text().contains("evil"));
            }
            try (MqttProbe screen1Again = hall.device("screen-1", ROOT + "devices/screen-1/config")) {
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
                assertThat(screen1Again.all()).noneMatch(m -> m.text().contains("evil"));
            }

            // the same devices at work with their own secrets: a rating, a keypad call
            JsonNode ack = eval3.request(ROOT + "evaluators/eval-3/rating", forged.replace("forged-1", "real-1")
                    .replace("\"level\":1", "\"level\":5"), ROOT + "devices/eval-3/ack",
                    a -> a.path("id").asText().equals("real-1")).json();
            assertThat(ack.path("ok").asBoolean()).isTrue();
            assertThat(hall.events("rating.recorded")).singleElement()
                    .satisfies(e -> assertThat(e.path("level").asInt()).isEqualTo(5));
            hall.issue("household", "t2");
            JsonNode next = caller3.request(ROOT + "callers/caller-3/command", "{\"v\":1,\"id\":\"k1\",\"action\":\"next\"}",
                    ROOT + "devices/caller-3/ack", a -> a.path("id").asText().equals("k1")).json();
            assertThat(next.path("ok").asBoolean()).isTrue();
            assertThat(hall.events("ticket.called")).hasSize((int) calls + 1);
        }
    }

    /** An anonymous client with someone else's client id: dropped at once (or before its CONNACK even arrives). */
    private static void takeOver(String url, String clientId) {
        try (Intruder taker = Intruder.anonymous(url, clientId)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !taker.client.isConnected());
        } catch (MqttException dropped) {
            // dropped before the connection completed: refused all the same
        }
    }

    private static boolean noMessageWithin(Intruder i) {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        return i.seen.stream().noneMatch(m -> m.contains("/session"));
    }
}
