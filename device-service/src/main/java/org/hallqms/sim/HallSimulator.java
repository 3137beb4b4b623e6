package org.hallqms.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.hallqms.Threads;
import org.hallqms.device.NoDelaySockets;
import org.hallqms.store.Json;

/**
 * Virtual devices for a running hall: every device the service has published a config for (screens, the
 * board, evaluators, callers) connects as itself, with its birth and last will. Screens and the board keep
 * what they were told to show; evaluators answer rating sessions with a chosen distribution of levels; callers
 * press keys on request.
 */
public final class HallSimulator implements AutoCloseable {
    /** What the simulator says as it happens: screen changes, ratings sent, key presses and their acks. */
    public interface Out extends Consumer<String> {
    }

    private final String url;
    private final String root;
    private final MqttConnectOptions base;
    private final NavigableMap<Integer, Integer> levels;
    private final long answerDelayMillis;
    private final Out out;
    private final Random random;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, String> secrets;
    private final Map<String, CompletableFuture<JsonNode>> acks = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    // Message ids must never repeat across runs: the service answers a repeated id with its first ack.
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong ratingsSent = new AtomicLong();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(Threads.daemon("sim-later"));
    private MqttClient discovery;

    private final class Device {
        final String id;
        final String kind;
        final String counter;
        final JsonNode config;
        final MqttClient client;
        volatile List<String> lines = List.of();
        final Map<String, Boolean> answered = new ConcurrentHashMap<>();

        Device(String id, JsonNode config) throws MqttException {
            this.id = id;
            this.kind = config.path("kind").asText();
            this.counter = config.path("counter").asText(null);
            this.config = config;
            // each device as itself (MQTT contract v1.1): client id = user name = its id
            this.client = new MqttClient(url, id, new MemoryPersistence());
        }
    }

    /**
     * @param levelWeights level (1..5) to weight, e.g. {5: 70, 4: 20, 3: 6, 2: 3, 1: 1}
     */
    /**
     * @param user         the account that reads every device's retained config to learn the hall (the service's
     *                     identity, {@code qms-service}); null = anonymous, which a v1.1 broker does not let read them
     * @param secrets      each device's broker secret by id; a device without one connects without a password,
     *                     as a device the hall has not given a secret yet (transition)
     * @param levelWeights level (1..5) to weight, e.g. {5: 70, 4: 20, 3: 6, 2: 3, 1: 1}
     */
    public HallSimulator(String url, String station, String user, String password, Map<String, String> secrets,
                         Map<Integer, Integer> levelWeights, long answerDelayMillis, long seed, Out out) {
        this.url = url;
        this.secrets = Map.copyOf(secrets);
        this.root = "qms/" + station + "/";
        this.base = new MqttConnectOptions();
        base.setSocketFactory(new NoDelaySockets());
        base.setCleanSession(true);
        base.setAutomaticReconnect(true);
        base.setMaxInflight(100);
        if (user != null) {
            base.setUserName(user);
            base.setPassword(password == null ? new char[0] : password.toCharArray());
        }
        this.levels = new TreeMap<>();
        int sum = 0;
        for (int l = 5; l >= 1; l--) {
            int w = levelWeights.getOrDefault(l, 0);
            if (w > 0) {
                sum += w;
                levels.put(sum, l);
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("give at least one level a weight above 0");
        }
        this.answerDelayMillis = answerDelayMillis;
        this.random = new Random(seed);
        this.out = out;
    }

    /** Learns the hall's devices from their retained configs and connects each; waits up to {@code millis} for them. */
    public HallSimulator start(int expectedDevices, long millis) throws MqttException, InterruptedException {
        String me = base.getUserName() == null ? "sim-discovery" : base.getUserName() + "-sim";
        discovery = new MqttClient(url, me + "-" + ProcessHandle.current().pid(), new MemoryPersistence());
        discovery.setCallback(callback(null));
        discovery.connect(options(null));
        discovery.subscribe(root + "devices/+/config", 1);
        long end = System.nanoTime() + millis * 1_000_000;
        synchronized (this) {
            for (long left = millis; devices.size() < expectedDevices && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        }
        return this;
    }

    private MqttConnectOptions options(Device d) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(base.getSocketFactory());
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(100);
        if (d != null) {
            o.setUserName(d.id);
            o.setPassword(secrets.getOrDefault(d.id, "").toCharArray());
        } else if (base.getUserName() != null) {
            o.setUserName(base.getUserName());
            o.setPassword(base.getPassword());
        }
        if (d != null) {
            o.setWill(root + "devices/" + d.id + "/state", state(d, "lost"), 1, true);
        }
        return o;
    }

    private byte[] state(Device d, String s) {
        return Json.write(Map.of("v", 1, "state", s, "kind", d.kind, "fw", "sim-1")).getBytes(StandardCharsets.UTF_8);
    }

    private MqttCallback callback(Device d) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                out.accept((d == null ? "simulator" : d.id) + " lost the broker: " + cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                try {
                    arrived(d, topic, m.getPayload());
                } catch (Exception e) {
                    out.accept("simulator: " + topic + ": " + e);
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    private void arrived(Device d, String topic, byte[] payload) throws Exception {
        if (payload.length == 0) {
            return;
        }
        JsonNode m = Json.MAPPER.readTree(payload);
        if (d == null) {
            String id = topic.substring((root + "devices/").length(), topic.length() - "/config".length());
            if (!devices.containsKey(id)) {
                connectOrRetry(id, m, 1);
            }
            return;
        }
        if (topic.endsWith("/ack")) {
            CompletableFuture<JsonNode> f = acks.remove(m.path("id").asText());
            if (f != null) {
                f.complete(m);
            }
            return;
        }
        if (topic.endsWith("/display") || topic.equals(root + "board")) {
            List<String> lines = new ArrayList<>();
            m.path("lines").forEach(l -> lines.add(l.asText()));
            if (lines.isEmpty() && m.has("text")) {
                lines.add(m.path("text").asText());
            }
            if (!lines.equals(d.lines)) {
                d.lines = List.copyOf(lines);
                out.accept(String.format("%-12s │ %s", d.id, String.join(" │ ", lines)));
            }
            return;
        }
        if (topic.endsWith("/session") && m.path("state").asText().equals("open")
                && d.answered.putIfAbsent(m.path("session").asText(), true) == null) {
            out.accept(String.format("%-12s │ %s asks for a rating", d.id, m.path("ticket").asText()));
            try {
                later.schedule(() -> rate(d, m), answerDelayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the simulator is stopping; the session stays open and times out as not rated
            }
        }
    }

    /**
     * Connects a device; one the broker refuses or drops during its first moments tries again a second later, as
     * firmware does, instead of staying away for the whole run.
     */
    private void connectOrRetry(String id, JsonNode config, int attempt) {
        try {
            connect(id, config);
        } catch (MqttException | RuntimeException e) {
            out.accept(String.format("%-12s │ cannot connect (attempt %d): %s; trying again", id, attempt, e.getMessage()));
            try {
                later.schedule(() -> connectOrRetry(id, config, attempt + 1), Math.min(attempt, 5), TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the simulator is stopping
            }
        }
    }

    private synchronized void connect(String id, JsonNode config) throws MqttException {
        if (devices.containsKey(id)) {
            return;
        }
        Device d = new Device(id, config);
        d.client.setCallback(callback(d));
        try {
            d.client.connect(options(d));
            subscribeAndAnnounce(d);
        } catch (MqttException | RuntimeException e) {
            end(d.client);
            throw e;
        }
        devices.put(id, d);
        notifyAll();
        out.accept(String.format("%-12s │ connected as %s%s", id, d.kind, d.counter == null ? "" : " of counter " + d.counter));
    }

    private static void end(MqttClient client) {
        try {
            client.disconnectForcibly(0, 100, false);
        } catch (MqttException notConnected) {
            // nothing to end
        }
        try {
            client.close(true);
        } catch (MqttException closed) {
            // closed already
        }
    }

    private void subscribeAndAnnounce(Device d) throws MqttException {
        String id = d.id;
        d.client.subscribe(root + "devices/" + id + "/ack", 1);
        switch (d.kind) {
            case "window-screen" -> d.client.subscribe(root + "counters/" + d.counter + "/display", 1);
            case "main-board" -> d.client.subscribe(root + "board", 1);
            case "evaluator" -> d.client.subscribe(root + "evaluators/" + id + "/session", 1);
            default -> {
                // a caller only sends
            }
        }
        d.client.publish(root + "devices/" + id + "/state", state(d, "ready"), 1, true);
    }

    private void rate(Device d, JsonNode session) {
        int level = levels.higherEntry(random.nextInt(levels.lastKey())).getValue();
        ObjectNode m = Json.MAPPER.createObjectNode();
        String id = "sim-" + run + "-" + d.id + "-" + ids.incrementAndGet();
        m.put("v", 1);
        m.put("id", id);
        m.put("session", session.path("session").asText());
        m.put("level", level);
        if (level <= 2) {
            JsonNode reasons = session.path("reasons").isArray() && session.path("reasons").size() > 0
                    ? session.path("reasons") : d.config.path("reasons");
            String code = reasons.size() == 0 ? "attitude" : reasons.get(random.nextInt(reasons.size())).path("code")
                    .asText(reasons.get(0).asText());
            m.putArray("reasons").add(code);
        }
        m.put("at", OffsetDateTime.now().toString());
        try {
            CompletableFuture<JsonNode> ack = new CompletableFuture<>();
            acks.put(id, ack);
            d.client.publish(root + "evaluators/" + d.id + "/rating", Json.write(m).getBytes(StandardCharsets.UTF_8), 1, false);
            JsonNode a = ack.get(10, TimeUnit.SECONDS);
            ratingsSent.incrementAndGet();
            out.accept(String.format("%-12s │ %s rated %d%s → %s", d.id, session.path("ticket").asText(), level,
                    m.has("reasons") ? " " + m.get("reasons") : "", a.path("ok").asBoolean() ? "ok" : a.path("error").asText()));
        } catch (Exception e) {
            out.accept(d.id + " │ rating not acknowledged: " + e);
        }
    }

    /** Presses a caller's key (an action: next, recall, start, finish, no-show, pause, resume) and returns the ack. */
    public JsonNode press(String caller, String action) throws Exception {
        Device d = devices.get(caller);
        if (d == null || !d.kind.equals("caller")) {
            throw new IllegalArgumentException("no caller '" + caller + "' among " + devices.keySet());
        }
        String id = "sim-" + run + "-" + caller + "-" + ids.incrementAndGet();
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        acks.put(id, ack);
        d.client.publish(root + "callers/" + caller + "/command",
                Json.write(Map.of("v", 1, "id", id, "action", action)).getBytes(StandardCharsets.UTF_8), 1, false);
        JsonNode a = ack.get(10, TimeUnit.SECONDS);
        out.accept(String.format("%-12s │ %s → %s", caller, action, a.path("ok").asBoolean() ? "ok" : a.path("error").asText()));
        return a;
    }

    /** What a screen or the board shows now. */
    public List<String> shows(String device) {
        Device d = devices.get(device);
        return d == null ? List.of() : d.lines;
    }

    public java.util.Set<String> devices() {
        return devices.keySet();
    }

    public long ratingsSent() {
        return ratingsSent.get();
    }

    @Override
    public void close() {
        later.shutdownNow();
        for (Device d : devices.values()) {
            try {
                // a clean goodbye: the retained state says lost, as the will would
                d.client.publish(root + "devices/" + d.id + "/state", state(d, "lost"), 1, true);
                d.client.disconnect(2000);
                d.client.close();
            } catch (MqttException e) {
                // already gone
            }
        }
        try {
            if (discovery != null) {
                discovery.disconnect(2000);
                discovery.close();
            }
        } catch (MqttException e) {
            // already gone
        }
    }
}
