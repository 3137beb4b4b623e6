package org.hallqms.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.hallqms.device.NoDelaySockets;
import org.hallqms.device.ServiceIdentity;
import org.hallqms.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one MQTT client: connects (and keeps trying while the broker is away), announces the
 * service as {@code ready} with a retained last will of {@code lost}, subscribes to device topics and
 * publishes at QoS 1. Nothing is buffered here: what must survive a broker outage lives in SQLite.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Topics topics;
    private final String url;
    private final String startedAt;
    private final String version;
    private final ScheduledExecutorService retry =
            Executors.newSingleThreadScheduledExecutor(org.hallqms.Threads.daemon("qms-mqtt-connect"));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean serving;
    /** The connection whose session is open (its number in {@link #connects}); qms-mqtt-connect's alone. */
    private long sessionOf;
    private final CountDownLatch firstSession = new CountDownLatch(1);
    private volatile Runnable onConnect = () -> { };
    private volatile BiConsumer<String, byte[]> onMessage = (t, p) -> { };

    /**
     * @param embedded with the embedded broker, the client id carries a random suffix: Moquette admits anonymous
     *                 watchers, and one that knew the service's client id could take its session over
     */
    public MqttLink(String url, String station, ServiceIdentity me, boolean embedded, String version, String startedAt) {
        this.url = url;
        this.topics = new Topics(station);
        this.version = version;
        this.startedAt = startedAt;
        try {
            String id = me.user() + "-" + station;
            if (embedded) {
                id += "-" + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffffffL);
            }
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create the MQTT client for " + url + ": " + e.getMessage(), e);
        }
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(2_000);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(15);
        // At Paho's default of 10, even sequential QoS 1 publishing sometimes fails with 32202 (tech notes).
        options.setMaxInflight(1000);
        if (url.startsWith("tcp://")) {
            options.setSocketFactory(new NoDelaySockets());
        }
        options.setUserName(me.user());
        options.setPassword(me.password().toCharArray());
        options.setWill(topics.serviceState(), stateJson("lost"), 1, true);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                hideClientId();
                afterConnect();
            }

            @Override
            public void connectionLost(Throwable cause) {
                hideClientId();
                log.warn("mqtt: connection to {} lost: {}; reconnecting", url, cause == null ? "?" : cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                hideClientId();
                onMessage.accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // completion is awaited where it matters
            }
        });
    }

    /**
     * Paho names its threads after the client id ("MQTT Call: qms-service-…"), and every log line carries the thread
     * name: on the embedded broker an anonymous watcher who read that id could take over the service's session.
     */
    private static void hideClientId() {
        Thread t = Thread.currentThread();
        if (t.getName().startsWith("MQTT ")) {
            t.setName("qms-mqtt");
        }
    }

    public Topics topics() {
        return topics;
    }

    /** Runs after every (re)connection, on Paho's thread: republish what displays must show. */
    public void onConnect(Runnable r) {
        this.onConnect = r;
    }

    /** Receives every device message, on Paho's thread. */
    public void onMessage(BiConsumer<String, byte[]> c) {
        this.onMessage = c;
    }

    /**
     * Starts connecting; returns at once. A broker that is down is retried until it is up. Nothing is subscribed
     * or announced until {@link #serve()}: Paho takes about 300 ms to set up a connection, which a start spends
     * on the rest of the hall while no device message can arrive with nobody to take it.
     */
    public void start() {
        retry.execute(this::tryConnect);
    }

    /**
     * From now on, on this connection and every later one: subscribe to the devices' topics, announce the service
     * {@code ready} and run {@link #onConnect}. Call once the handlers are set.
     */
    public void serve() {
        serving = true;
        // With afterConnect's check the other way round, one of the two sees the other's write and opens the session.
        if (connects.get() > 0) {
            onConnectThread(this::openSession);
        }
    }

    /** Runs {@code r} on qms-mqtt-connect, unless the link is closing (then nothing needs opening). */
    private void onConnectThread(Runnable r) {
        try {
            retry.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() has shut the thread down
        }
    }

    private void tryConnect() {
        if (closed.get() || client.isConnected()) {
            return;
        }
        try {
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_CONNECTED
                    || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                return;
            }
            if (connects.get() == 0 && !closed.get()) {
                boolean refused = e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                        || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
                log.warn("mqtt: {} {} ({}); retrying every 2 s, the hall works meanwhile", refused
                        ? "the broker refused the service's login at" : "cannot reach the broker at", url, e.getMessage());
            }
            // Paho reconnects by itself only after a first success; until then this loop does.
            if (!closed.get()) {
                retry.schedule(this::tryConnect, 2, TimeUnit.SECONDS);
            }
        }
    }

    private void afterConnect() {
        if (connects.incrementAndGet() == 1) {
            log.info("mqtt: connected to {}", url);
        } else {
            log.info("mqtt: reconnected to {}", url);
        }
        if (serving) {
            // Off Paho's callback thread, and one at a time with serve()'s: the queue of qms-mqtt-connect.
            onConnectThread(this::openSession);
        }
    }

    /** Runs on qms-mqtt-connect only; once per connection, whichever of serve() and afterConnect() asks first. */
    private void openSession() {
        long connection = connects.get();
        if (connection == sessionOf || !client.isConnected()) {
            return;
        }
        sessionOf = connection;
        try {
            String[] filters = topics.subscriptions().toArray(String[]::new);
            client.subscribe(filters, new int[] {1, 1, 1}).waitForCompletion(10_000);
            publish(topics.serviceState(), stateJson("ready"), true);
        } catch (MqttException e) {
            log.warn("mqtt: subscribe after connect failed: {}", e.getMessage());
        }
        firstSession.countDown();
        // what displays must show again, which waits on deliveries: the start need not wait for it
        onConnect.run();
    }

    /**
     * Waits up to {@code millis} for the first connection to be subscribed (after {@link #serve()}); returns
     * whether the link is up.
     */
    public boolean awaitSession(long millis) {
        try {
            firstSession.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return client.isConnected();
    }

    public boolean connected() {
        return client.isConnected();
    }

    public String url() {
        return url;
    }

    private byte[] stateJson(String state) {
        return Json.write(Map.of("v", 1, "state", state, "version", version, "startedAt", startedAt))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes at QoS 1 without waiting; false when not connected (the caller's outbox keeps it). */
    public boolean publish(String topic, byte[] payload, boolean retained) {
        return send(topic, payload, retained) != null;
    }

    /** As {@link #publish}, marking for {@link org.hallqms.mqtt.LatencyTrace} when it left and when the broker acked. */
    public boolean publishTraced(String topic, byte[] payload, boolean retained, String traceKey) {
        IMqttToken t = send(topic, payload, retained);
        if (t != null && org.hallqms.mqtt.LatencyTrace.ON && traceKey != null) {
            org.hallqms.mqtt.LatencyTrace.mark(traceKey, org.hallqms.mqtt.LatencyTrace.PUBLISHED);
            t.setActionCallback(new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    org.hallqms.mqtt.LatencyTrace.mark(traceKey, org.hallqms.mqtt.LatencyTrace.BROKER_ACK);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                }
            });
        }
        return t != null;
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK; false when it did not arrive. */
    public boolean publishAndWait(String topic, byte[] payload, boolean retained, long timeoutMillis) {
        IMqttToken t = send(topic, payload, retained);
        if (t == null) {
            return false;
        }
        try {
            t.waitForCompletion(timeoutMillis);
            return t.isComplete() && t.getException() == null;
        } catch (MqttException e) {
            return false;
        }
    }

    /** Below Moquette's default frame limit of 256 KiB, with room for the topic and header. */
    static final int MAX_PAYLOAD = 250 * 1024;

    private IMqttToken send(String topic, byte[] payload, boolean retained) {
        if (!client.isConnected()) {
            return null;
        }
        if (payload.length > MAX_PAYLOAD) {
            // Brokers close the connection over an oversized message (Moquette at 256 KiB): one message too big
            // would take every screen's updates down with it.
            log.warn("mqtt: not publishing {} bytes to {}: over the {} bytes any broker takes", payload.length, topic,
                    MAX_PAYLOAD);
            return null;
        }
        try {
            return client.publish(topic, payload, 1, retained);
        } catch (MqttException e) {
            log.debug("mqtt: publish to {} failed: {}", topic, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        retry.shutdownNow();
        try {
            if (client.isConnected()) {
                // The contract knows only ready and lost: a stopped service is lost to the displays too.
                client.publish(topics.serviceState(), stateJson("lost"), 1, true).waitForCompletion(2_000);
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            log.debug("mqtt: disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("mqtt: close: {}", e.getMessage());
        }
    }
}
