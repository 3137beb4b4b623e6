package org.hallqms;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.hallqms.config.Config;
import org.hallqms.store.Store;

/**
 * What stops a start before anything starts: the data directory held by another service, a port that is taken.
 * Checked first so that the IT person reads one line naming the cause and the fix, not the start-up log of a
 * service that then fails half way (Javalin and Netty each log their own error before giving up).
 */
final class StartChecks {
    private StartChecks() {
    }

    /** The reason this configuration cannot start now, or empty. */
    static Optional<String> refusal(Config config) {
        try {
            Store.checkDataDirFree(config.dataDir());
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
        if (taken(config.httpHost(), config.httpPort())) {
            return Optional.of("port " + config.httpPort() + " on " + config.httpHost() + " is already in use; set "
                    + "QMS_HTTP_PORT to a free port (0 = any free port)");
        }
        if (config.tls().isPresent() && taken(config.httpHost(), config.httpsPort())) {
            return Optional.of("HTTPS port " + config.httpsPort() + " on " + config.httpHost() + " is already in use; "
                    + "set QMS_HTTPS_PORT to a free port (0 = any free port)");
        }
        if (config.mqttUrl().isEmpty() && taken(config.mqttBind(), config.mqttPort())) {
            return Optional.of("MQTT port " + config.mqttPort() + " on " + config.mqttBind() + " is already in use "
                    + "(another broker?); set QMS_MQTT_PORT to a free port, or QMS_MQTT_URL=tcp://127.0.0.1:"
                    + config.mqttPort() + " to use the broker already running there");
        }
        return Optional.empty();
    }

    private static boolean taken(String host, int port) {
        if (port == 0) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
