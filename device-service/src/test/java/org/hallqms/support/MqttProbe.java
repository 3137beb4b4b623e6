package org.hallqms.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.hallqms.store.Json;

/** A test's MQTT client: a display, an evaluator or a keypad, as seen from the broker. */
public final class MqttProbe implements AutoCloseable {
    public record Msg(String topic, String text, boolean retained) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON on " + topic + ": " + text, e);
            }
        }
    }

    private final MqttClient client;
    private final List<Msg> messages = new CopyOnWriteArrayList<>();
    private final String[] filters;

    /** Connects with a clean session and subscribes. */
    public MqttProbe(String url, String... filters) {
        this(url, "probe-" + System.nanoTime(), true, filters);
    }

    /** A persistent session survives the probe's and the broker's restarts (with broker persistence). */
    public MqttProbe(String url, String clientId, boolean cleanSession, String... filters) {
        this(url, null, null, clientId, cleanSession, filters);
    }

    /** Connects as a broker identity (MQTT contract v1.1): a device (client id = user name) or the service. */
    public static MqttProbe as(String url, String user, String password, String clientId, String... filters) {
        return new MqttProbe(url, user, password, clientId, true, filters);
    }

    /**
     * Sends each publish through the probe {@code route} picks for its topic (a device's own connection), and
     * closes those with this one.
     */
    public MqttProbe routing(java.util.function.Function<String, MqttProbe> route) {
        this.route = route;
        return this;
    }

    private volatile java.util.function.Function<String, MqttProbe> route;
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();

    /** Runs when this probe is closed (closing the device connections a routing probe opened). */
    public MqttProbe onClose(Runnable r) {
        onClose.add(r);
        return this;
    }

    private MqttProbe(String url, String user, String password, String clientId, boolean cleanSession,
                      String... filters) {
        this.filters = filters;
        try {
            client = new MqttClient(url, clientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(cleanSession);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(500);
            o.setMaxInflight(20_000);
            o.setConnectionTimeout(5);
            o.setSocketFactory(new org.hallqms.device.NoDelaySockets());
            if (user != null) {
                o.setUserName(user);
                o.setPassword(password == null ? new char[0] : password.toCharArray());
            }
            client.setCallback(new MqttCallbackExtended() {
                @Override
                public void connectComplete(boolean reconnect, String uri) {
                    if (reconnect && filters.length > 0) {
                        // a broker that lost the session (killed before saving it) no longer knows the filters
                        new Thread(() -> {
                            try {
                                int[] qos = new int[filters.length];
                                java.util.Arrays.fill(qos, 1);
                                client.subscribe(filters, qos);
                            } catch (MqttException e) {
                                // the next reconnection tries again
                            }
                        }, "probe-resubscribe").start();
                    }
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    messages.add(new Msg(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            // The embedded Moquette now and then drops a connection right after CONNECT; a device tries again,
            // and so does the probe (three times).
            for (int attempt = 1; ; attempt++) {
                try {
                    if (!client.isConnected()) {
                        client.connect(o);
                    }
                    if (filters.length > 0) {
                        int[] qos = new int[filters.length];
                        java.util.Arrays.fill(qos, 1);
                        client.subscribe(filters, qos);
                    }
                    break;
                } catch (MqttException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } catch (MqttException e) {
            throw new IllegalStateException("probe cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Publishes without waiting for the broker's PUBACK: for a publish the broker refuses, which MQTT 3.1.1 cannot
     * answer (Moquette never acknowledges it).
     */
    public void publishUnanswered(String topic, String payload) {
        try {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.getTopic(topic).publish(m);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String topic, byte[] payload, boolean retained) {
        java.util.function.Function<String, MqttProbe> r = route;
        MqttProbe via = r == null ? this : r.apply(topic);
        if (via != this) {
            via.publish(topic, payload, retained);
            return;
        }
        try {
            client.publish(topic, payload, 1, retained);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Msg> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    public List<Msg> all() {
        return List.copyOf(messages);
    }

    /** Waits (60 s at most) for a message on the topic that matches, and returns the latest such one. */
    public Msg await(String topic, Predicate<JsonNode> match) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> on(topic).stream().anyMatch(m -> match.test(m.json())));
        List<Msg> l = on(topic).stream().filter(m -> match.test(m.json())).toList();
        return l.get(l.size() - 1);
    }

    /**
     * Publishes as a device does and resends every 2 s until the answer arrives (60 s at most): firmware resends
     * an unacknowledged message with the same id, and the service answers a repeat with its first answer.
     */
    public Msg request(String topic, String payload, String answerTopic, Predicate<JsonNode> match) {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            // a device that lost its connection (another client took its client id) sends once it is back
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(this::connected);
            try {
                publish(topic, payload);
            } catch (IllegalStateException droppedMeanwhile) {
                if (System.nanoTime() > end) {
                    throw droppedMeanwhile;
                }
                continue;
            }
            try {
                Awaitility.await().atMost(Duration.ofSeconds(2))
                        .until(() -> on(answerTopic).stream().anyMatch(m -> match.test(m.json())));
                List<Msg> l = on(answerTopic).stream().filter(m -> match.test(m.json())).toList();
                return l.get(l.size() - 1);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
        }
    }

    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        onClose.forEach(Runnable::run);
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
