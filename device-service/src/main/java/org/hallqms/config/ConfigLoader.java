package org.hallqms.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the config file, lays the environment over it and checks every key. All problems are reported
 * together, so the IT person fixes the file once, not once per restart.
 */
public final class ConfigLoader {
    static final Set<String> KEYS = Set.of("QMS_STATION", "QMS_DATA_DIR", "QMS_HTTP_HOST", "QMS_HTTP_PORT",
            "QMS_MQTT_URL", "QMS_MQTT_USER", "QMS_MQTT_PASSWORD", "QMS_ADMIN_TOKEN", "QMS_SYNC_TOKEN",
            "QMS_ZONE", "QMS_CATALOG", "QMS_PRIORITY_RUN", "QMS_MAX_RECALLS", "QMS_PIN_MAX_FAILURES",
            "QMS_PIN_LOCK_MINUTES", "QMS_MQTT_BIND", "QMS_MQTT_PORT", "QMS_RATING_TIMEOUT_SECONDS",
            "QMS_DEVICE_CONFIG_DIR", "QMS_TLS_CERT", "QMS_TLS_KEY", "QMS_HTTPS_PORT", "QMS_AUTH_MAX_FAILURES",
            "QMS_SYNC_TOKEN_PREVIOUS", "QMS_SYNC_TOKEN_PREVIOUS_UNTIL");
    private static final Pattern STATION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern MQTT_URL = Pattern.compile("(tcp|ssl)://[^/\\s:]+:\\d{1,5}");

    private ConfigLoader() {
    }

    /**
     * @param file the config file, or empty for environment and defaults only
     * @param env  the environment (System.getenv() in production)
     */
    public static Config load(Optional<Path> file, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        file.ifPresent(f -> readFile(f, values, problems));
        env.forEach((k, v) -> {
            // An empty variable is "unset", as with systemd's Environment=QMS_X=.
            if (KEYS.contains(k) && v != null && !v.isEmpty()) {
                values.put(k, v.trim());
            }
        });
        Check c = new Check(values, problems);
        String station = c.matching("QMS_STATION", "demo-hall", STATION,
                "must be 1 to 32 characters of a-z, 0-9 and '-' (it becomes an MQTT topic level)");
        Path dataDir = Path.of(c.string("QMS_DATA_DIR", "data")).toAbsolutePath().normalize();
        String host = c.string("QMS_HTTP_HOST", "0.0.0.0");
        int port = c.integer("QMS_HTTP_PORT", 8080, 0, 65535, "a port number from 0 to 65535 (0 = any free port)");
        Optional<String> mqttUrl = c.optional("QMS_MQTT_URL");
        mqttUrl.ifPresent(u -> {
            if (!MQTT_URL.matcher(u).matches() || URI.create(u).getPort() > 65535) {
                problems.add("QMS_MQTT_URL: '" + u + "' is not a broker address like tcp://127.0.0.1:1883");
            }
        });
        Optional<String> user = c.optional("QMS_MQTT_USER");
        Optional<String> password = c.optional("QMS_MQTT_PASSWORD");
        if (password.isPresent() && user.isEmpty()) {
            problems.add("QMS_MQTT_PASSWORD: set, but QMS_MQTT_USER is not; a broker password needs a user");
        }
        Optional<String> admin = c.token("QMS_ADMIN_TOKEN");
        Optional<String> sync = c.token("QMS_SYNC_TOKEN");
        ZoneId zone = c.zone("QMS_ZONE", "Asia/Shanghai");
        Optional<Path> catalog = c.optional("QMS_CATALOG").map(Path::of);
        catalog.ifPresent(p -> {
            if (!Files.isReadable(p)) {
                problems.add("QMS_CATALOG: file '" + p + "' does not exist or cannot be read");
            }
        });
        int priorityRun = c.integer("QMS_PRIORITY_RUN", 3, 1, 100, "a whole number from 1 to 100");
        int maxRecalls = c.integer("QMS_MAX_RECALLS", 3, 0, 20, "a whole number from 0 to 20");
        int pinFailures = c.integer("QMS_PIN_MAX_FAILURES", 5, 1, 100, "a whole number from 1 to 100");
        int pinLock = c.integer("QMS_PIN_LOCK_MINUTES", 5, 1, 1440, "minutes, a whole number from 1 to 1440");
        String mqttBind = c.string("QMS_MQTT_BIND", "0.0.0.0");
        int mqttPort = c.integer("QMS_MQTT_PORT", 1883, 1, 65535, "a port number from 1 to 65535");
        int ratingTimeout = c.integer("QMS_RATING_TIMEOUT_SECONDS", 120, 1, 3600, "seconds, a whole number from 1 to 3600");
        Path deviceConfigDir = Path.of(c.string("QMS_DEVICE_CONFIG_DIR", "display-firmware-config"));
        Optional<String> cert = c.optional("QMS_TLS_CERT");
        Optional<String> key = c.optional("QMS_TLS_KEY");
        Optional<Pem.Identity> tls = Optional.empty();
        if (cert.isPresent() != key.isPresent()) {
            problems.add((cert.isPresent() ? "QMS_TLS_KEY" : "QMS_TLS_CERT") + ": HTTPS needs both QMS_TLS_CERT and "
                    + "QMS_TLS_KEY (PEM files); only " + (cert.isPresent() ? "QMS_TLS_CERT" : "QMS_TLS_KEY") + " is set");
        } else if (cert.isPresent()) {
            try {
                tls = Optional.of(Pem.identity(Path.of(cert.get()), Path.of(key.get())));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        int httpsPort = c.integer("QMS_HTTPS_PORT", 8443, 0, 65535, "a port number from 0 to 65535 (0 = any free port)");
        if (tls.isPresent() && httpsPort != 0 && httpsPort == port) {
            problems.add("QMS_HTTPS_PORT: " + httpsPort + " is also QMS_HTTP_PORT; give HTTPS a port of its own");
        }
        int authFailures = c.integer("QMS_AUTH_MAX_FAILURES", 10, 1, 10_000, "a whole number from 1 to 10000");
        Optional<String> previous = c.token("QMS_SYNC_TOKEN_PREVIOUS");
        Optional<java.time.OffsetDateTime> until = c.optional("QMS_SYNC_TOKEN_PREVIOUS_UNTIL").flatMap(v -> {
            try {
                return Optional.of(java.time.OffsetDateTime.parse(v));
            } catch (DateTimeException e) {
                problems.add("QMS_SYNC_TOKEN_PREVIOUS_UNTIL: '" + v + "' is not a time like 2026-12-31T18:00+08:00");
                return Optional.empty();
            }
        });
        if (previous.isPresent() != c.optional("QMS_SYNC_TOKEN_PREVIOUS_UNTIL").isPresent()) {
            problems.add("QMS_SYNC_TOKEN_PREVIOUS: a token being rotated out needs QMS_SYNC_TOKEN_PREVIOUS_UNTIL, the "
                    + "time it stops working, and the other way round");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(station, dataDir, host, port, mqttUrl, user, password, admin, sync, zone, catalog,
                priorityRun, maxRecalls, pinFailures, pinLock, mqttBind, mqttPort, ratingTimeout, deviceConfigDir,
                tls, httpsPort, authFailures, previous, until);
    }

    private static void readFile(Path file, Map<String, String> values, List<String> problems) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("--config: cannot read '" + file + "': " + e.getMessage());
            return;
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                problems.add(k + ": unknown key in " + file + " (known keys: QMS_STATION, QMS_DATA_DIR, ... see README)");
            } else {
                String v = p.getProperty(k).trim();
                // Allow the quotes a systemd EnvironmentFile permits.
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                if (!v.isEmpty()) {
                    values.put(k, v);
                }
            }
        }
    }

    private record Check(Map<String, String> values, List<String> problems) {
        String string(String key, String def) {
            return values.getOrDefault(key, def);
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(values.get(key));
        }

        String matching(String key, String def, Pattern p, String rule) {
            String v = string(key, def);
            if (!p.matcher(v).matches()) {
                problems.add(key + ": '" + v + "' " + rule);
            }
            return v;
        }

        int integer(String key, int def, int min, int max, String rule) {
            String v = values.get(key);
            if (v == null) {
                return def;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + ": '" + v + "' is not " + rule);
            return def;
        }

        Optional<String> token(String key) {
            Optional<String> v = optional(key);
            if (v.isPresent() && (v.get().length() < 16 || !v.get().chars().allMatch(ch -> ch > 32 && ch < 127))) {
                problems.add(key + ": must be at least 16 printable ASCII characters without spaces"
                        + " (or unset, to have one generated)");
            }
            return v;
        }

        ZoneId zone(String key, String def) {
            String v = string(key, def);
            try {
                return ZoneId.of(v);
            } catch (DateTimeException e) {
                problems.add(key + ": '" + v + "' is not a time zone id like Asia/Shanghai");
                return ZoneId.of(def);
            }
        }
    }
}
