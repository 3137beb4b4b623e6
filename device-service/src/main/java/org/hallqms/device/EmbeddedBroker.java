package org.hallqms.device;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Moquette (MQTT 3.1.1) in the service's own process: the default for a hall with no broker of its own. */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private final Server server = new Server();
    private boolean running;

    /** Thrown when the broker cannot bind; the message names the fix. */
    public static final class BrokerStartException extends RuntimeException {
        BrokerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public EmbeddedBroker(String bind, int port, DeviceTrust trust) {
        Properties p = new Properties();
        p.setProperty("host", bind);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        // Moquette reports usage to the internet unless told not to; a police hall's board must not.
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "false");
        // Flush on every write (0.17's key; the older immediate_buffer_flush is deprecated): a call must not wait.
        p.setProperty("buffer_flush_millis", "0");
        // Without it Nagle's algorithm meets delayed ACKs and each small message waits ~40 ms.
        p.setProperty("netty.tcp_nodelay", "true");
        // Larger than the contract's 8 KiB so that oversized payloads reach the service and get an ack.
        p.setProperty("netty.mqtt.message_size", Integer.toString(256 * 1024));
        // Anonymous clients only with QMS_MQTT_ANONYMOUS=watch; the authorizer then lets them read the wall only.
        p.setProperty("allow_anonymous", Boolean.toString(trust.watch()));
        // MQTT 3.1.1 lets a clean-session client leave its id to the broker; mosquitto_sub does, and Moquette
        // refuses it ("identifier rejected") unless told otherwise.
        p.setProperty("allow_zero_byte_client_id", "true");
        // Try the port first: Moquette would log a stack trace before failing; the IT person needs one line.
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw new BrokerStartException("MQTT port " + port + " on " + bind + " is already in use (another "
                    + "broker?); set QMS_MQTT_PORT to a free port, or QMS_MQTT_URL=tcp://127.0.0.1:" + port
                    + " to use the broker already running there", e);
        }
        IAuthenticator auth = trust::authenticate;
        IAuthorizatorPolicy acl = new IAuthorizatorPolicy() {
            @Override
            public boolean canWrite(Topic topic, String user, String client) {
                return trust.mayPublish(user, client, topic.toString());
            }

            @Override
            public boolean canRead(Topic topic, String user, String client) {
                return trust.maySubscribe(user, client, topic.toString());
            }
        };
        try {
            server.startServer(new MemoryConfig(p), List.of(new ConnectGuard(trust, server)), null, auth, acl);
            running = true;
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            if (causedBy(e, BindException.class)) {
                throw new BrokerStartException("MQTT port " + port + " on " + bind + " is already in use (another "
                        + "broker?); set QMS_MQTT_PORT to a free port, or QMS_MQTT_URL=tcp://127.0.0.1:" + port
                        + " to use the broker already running there", e);
            }
            throw new BrokerStartException("the embedded MQTT broker cannot start: " + e.getMessage(), e);
        }
        // A new secret ends the device's live session at once: it must come back with the new one (its own last
        // will says it is lost until then).
        trust.secrets().onChange(device -> {
            if (running) {
                server.disconnectClient(device);
                server.disconnectClient("qms-" + device);
            }
        });
        log.info("broker: embedded MQTT broker on {}:{} (anonymous {})", bind, port,
                trust.watch() ? "may watch the wall" : "refused");
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (running) {
            running = false;
            server.stopServer();
        }
    }
}
