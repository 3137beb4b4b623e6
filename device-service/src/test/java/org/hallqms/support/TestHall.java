package org.hallqms.support;

import org.hallqms.sim.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hallqms.Hall;
import org.hallqms.config.ConfigLoader;
import org.hallqms.store.EventHead;

/** The whole service on a temporary data dir and a free port, with a clock the test controls. */
public final class TestHall implements AutoCloseable {
    public static final String ADMIN = "test-admin-token-0123456789";
    public static final String SYNC = "test-sync-token-0123456789";
    public static final String PIN = "123456";
    /** 2026-11-27 10:00 in Asia/Shanghai. */
    public static final Instant MORNING = Instant.parse("2026-11-27T02:00:00Z");

    public final Path dir;
    public final VirtualClock clock;
    private final Map<String, String> env;
    private Hall hall;
    private Http http;

    private TestHall(Path dir, VirtualClock clock, Map<String, String> env) {
        this.dir = dir;
        this.clock = clock;
        this.env = env;
    }

    /** The hall of {@code /test-hall.json}, with overrides of any QMS_* key. */
    public static TestHall start(Path dir, String... keyValues) {
        try {
            Path catalog = dir.resolve("catalog.json");
            try (InputStream in = TestHall.class.getResourceAsStream("/test-hall.json")) {
                Files.copy(in, catalog);
            }
            Map<String, String> env = new HashMap<>();
            env.put("QMS_DATA_DIR", dir.resolve("data").toString());
            env.put("QMS_HTTP_HOST", "127.0.0.1");
            env.put("QMS_HTTP_PORT", "0");
            env.put("QMS_MQTT_PORT", Integer.toString(FreePort.find()));
            env.put("QMS_MQTT_BIND", "127.0.0.1");
            env.put("QMS_DEVICE_CONFIG_DIR", dir.resolve("device-configs").toString());
            env.put("QMS_ADMIN_TOKEN", ADMIN);
            env.put("QMS_SYNC_TOKEN", SYNC);
            env.put("QMS_CATALOG", catalog.toString());
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                env.put(keyValues[i], keyValues[i + 1]);
            }
            TestHall t = new TestHall(dir, new VirtualClock(MORNING), env);
            t.boot();
            return t;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void boot() {
        hall = Hall.start(ConfigLoader.load(java.util.Optional.empty(), env), clock);
        http = new Http(hall.httpPort());
    }

    /** Stops and starts the service on the same data dir, as after a power cut with a clean shutdown. */
    public void restart() {
        restart(() -> { });
    }

    /** Stops the service, runs {@code whileStopped} (say, an edit of the SQLite file), starts it again. */
    public void restart(Runnable whileStopped) {
        hall.close();
        whileStopped.run();
        boot();
    }

    /** The broker URL the service uses (embedded, or the one given). */
    public String mqttUrl() {
        return env.containsKey("QMS_MQTT_URL") && !env.get("QMS_MQTT_URL").isEmpty() ? env.get("QMS_MQTT_URL")
                : "tcp://127.0.0.1:" + env.get("QMS_MQTT_PORT");
    }

    private final Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    /** The device's broker secret, made once through {@code POST /api/v1/devices/{id}/secret} (MQTT contract v1.1). */
    public String secret(String device) {
        return secrets.computeIfAbsent(device, d -> {
            Http.Resp r = http.post("/api/v1/devices/" + d + "/secret", "", ADMIN);
            if (r.status() != 201) {
                throw new AssertionError("no secret for " + d + ": " + r.status() + " " + r.body());
            }
            return r.text("password");
        });
    }

    /** Forgets the secrets this test hall made (a test that rotates one makes the next itself). */
    public void forgetSecret(String device) {
        secrets.remove(device);
    }

    /** A device on the broker as itself: user name and client id = its id, password = its secret. */
    public MqttProbe device(String id, String... filters) {
        return MqttProbe.as(mqttUrl(), id, secret(id), id, filters);
    }

    /** The service's own broker secret, as generated into the data dir. */
    public String serviceSecret() {
        try {
            return Files.readString(Path.of(env.get("QMS_DATA_DIR")).resolve("mqtt-service.secret")).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * An observer that may read every topic (the service's identity with a client-id suffix, as an IT person
     * watching with {@code mosquitto_sub -u qms-service}).
     */
    public MqttProbe watcher(String... filters) {
        return MqttProbe.as(mqttUrl(), "qms-service", serviceSecret(), "qms-service-watch-" + System.nanoTime(), filters);
    }

    /**
     * The hall's devices seen as one probe: it reads through a {@link #watcher}, and each publish goes out on the
     * connection of the catalogue device its topic belongs to, as that device with its own secret, when that
     * device may publish there. Anything else (a topic of no device, or one its device may not write) goes out
     * as the service identity, which may write anywhere: that is how tests feed the gateway the malformed and
     * unknown-device messages it must still answer (DeviceTrustAttackTest shows the broker refusing them from
     * devices and strangers).
     */
    public MqttProbe devices(String... filters) {
        // every device gets its secret now: making one is an event, and tests compare the log's head later
        hall.catalog().current().devices().forEach(d -> secret(d.id()));
        MqttProbe watcher = watcher(filters);
        Map<String, MqttProbe> open = new java.util.concurrent.ConcurrentHashMap<>();
        String root = "qms/" + env.getOrDefault("QMS_STATION", "demo-hall") + "/";
        java.util.regex.Pattern own = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(root)
                + "(devices/([a-z0-9-]+)/state|evaluators/([a-z0-9-]+)/rating|callers/([a-z0-9-]+)/command)");
        return watcher.routing(topic -> {
            java.util.regex.Matcher m = own.matcher(topic);
            if (!m.matches()) {
                return watcher;
            }
            String id = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            String kind = m.group(3) != null ? "evaluator" : m.group(4) != null ? "caller" : null;
            boolean may = hall.catalog().current().devices().stream()
                    .anyMatch(d -> d.id().equals(id) && (kind == null || d.kind().equals(kind)));
            return may ? open.computeIfAbsent(id, d -> device(d)) : watcher;
        }).onClose(() -> open.values().forEach(MqttProbe::close));
    }

    public Hall hall() {
        return hall;
    }

    public Http http() {
        return http;
    }

    public EventHead head() {
        return hall.store().head();
    }

    /** The data of every logged event of a type, in seq order. */
    public java.util.List<com.fasterxml.jackson.databind.JsonNode> events(String type) {
        return hall.store().read(c -> {
            java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
            try (var ps = c.prepareStatement("SELECT data FROM events WHERE type = ? ORDER BY seq")) {
                ps.setString(1, type);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.add(org.hallqms.store.Json.MAPPER.readTree(rs.getString(1)));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
            return out;
        });
    }

    public Http.Resp issue(String service, String requestId) {
        return http.post("/api/v1/tickets", "{\"service\":\"" + service + "\",\"requestId\":\"" + requestId + "\"}", null);
    }

    /** Logs the officer in at the counter and returns the session token. */
    public String login(String counter, String officer) {
        Http.Resp r = http.post("/api/v1/counters/" + counter + "/session",
                "{\"officer\":\"" + officer + "\",\"pin\":\"" + PIN + "\"}", null);
        if (r.status() != 201) {
            throw new AssertionError("login failed: " + r.raw());
        }
        return r.text("token");
    }

    public Http.Resp act(String counter, String token, String action) {
        return http.post("/api/v1/counters/" + counter + "/" + action, "", token);
    }

    public Http.Resp act(String counter, String token, String action, String json) {
        return http.post("/api/v1/counters/" + counter + "/" + action, json, token);
    }

    @Override
    public void close() {
        hall.close();
    }

    /** The device as {@code GET /api/v1/devices} lists it. */
    public com.fasterxml.jackson.databind.JsonNode listedDevice(String id) {
        for (com.fasterxml.jackson.databind.JsonNode d : http.get("/api/v1/devices", ADMIN).body().path("devices")) {
            if (d.path("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no device " + id);
    }
}
