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
import java.util.regex.Matcher;
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
            "QMS_SYNC_TOKEN_PREVIOUS", "QMS_SYNC_TOKEN_PREVIOUS_UNTIL", "QMS_PRINTER", "QMS_PRINTER_PAPER_MM",
            "QMS_COUNTER_PRINTERS", "QMS_PUBLIC_URL", "QMS_GPIO_PLATFORM", "QMS_GPIO_BUTTONS", "QMS_GPIO_READY_LAMP",
            "QMS_GPIO_FAULT_LAMP", "QMS_GPIO_BUZZER", "QMS_GPIO_NEXT_BUTTONS", "QMS_GPIO_EVALUATORS",
            "QMS_GPIO_EVALUATOR_BAD_REASON", "QMS_GPIO_DEBOUNCE_MS", "QMS_GPIO_PRINTER_DOWN",
            "QMS_APPOINTMENT_EARLY_MINUTES", "QMS_APPOINTMENT_LATE_MINUTES", "QMS_APPOINTMENT_OUTSIDE_WINDOW",
            "QMS_ALARM_CHECK_SECONDS", "QMS_LIVE_MAX_CLIENTS", "QMS_LIVE_PER_ADDRESS", "QMS_LIVE_TRUSTED",
            "QMS_VOICE", "QMS_VOICE_NUMBERS", "QMS_SPEAKER", "QMS_VOICE_DIR", "QMS_MQTT_ANONYMOUS",
            "QMS_CASE_CALLBACK_HOURS", "QMS_CASE_RESOLVE_DAYS");
    private static final Pattern PRINTER = Pattern.compile("tcp://[^/\\s:]+:\\d{1,5}|/[^\\s,]+");
    private static final Pattern PIN_MAP = Pattern.compile("([A-Za-z0-9-]{1,32}):(\\d{1,2})");
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
        Optional<String> printer = c.optional("QMS_PRINTER");
        printer.ifPresent(v -> {
            if (!PRINTER.matcher(v).matches()) {
                problems.add("QMS_PRINTER: '" + v + "' is not tcp://HOST:PORT (a network printer, usually port 9100) "
                        + "or a device file such as /dev/usb/lp0");
            }
        });
        int paper = c.integer("QMS_PRINTER_PAPER_MM", 80, 58, 80, "58 or 80");
        if (paper != 58 && paper != 80) {
            problems.add("QMS_PRINTER_PAPER_MM: '" + paper + "' is not 58 or 80");
        }
        Map<String, String> windowPrinters = new LinkedHashMap<>();
        c.optional("QMS_COUNTER_PRINTERS").ifPresent(v -> {
            for (String part : v.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2 || !kv[0].matches("[A-Za-z0-9-]{1,16}") || !PRINTER.matcher(kv[1]).matches()) {
                    problems.add("QMS_COUNTER_PRINTERS: '" + part.trim() + "' is not COUNTER=tcp://HOST:PORT or "
                            + "COUNTER=/dev/usb/lpN");
                } else {
                    windowPrinters.put(kv[0], kv[1]);
                }
            }
        });
        Optional<String> publicUrl = c.optional("QMS_PUBLIC_URL").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        publicUrl.ifPresent(u -> {
            if (!u.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
                problems.add("QMS_PUBLIC_URL: '" + u + "' is not an address like http://10.0.0.5:8080");
            }
        });
        String gpioPlatform = c.matching("QMS_GPIO_PLATFORM", "board", Pattern.compile("board|mock"),
                "is not 'board' (the Pi's pins) or 'mock' (Pi4J's mock platform, to try without hardware)");
        Map<String, Integer> buttons = pins(c, "QMS_GPIO_BUTTONS", "SERVICE:PIN, e.g. id-card:17,household:27", problems);
        Map<String, Integer> next = pins(c, "QMS_GPIO_NEXT_BUTTONS", "COUNTER:PIN, e.g. 1:22,2:23", problems);
        Map<String, List<Integer>> evaluators = new LinkedHashMap<>();
        c.optional("QMS_GPIO_EVALUATORS").ifPresent(v -> {
            for (String part : v.split(",")) {
                Matcher m = Pattern.compile("([A-Za-z0-9-]{1,16}):(\\d{1,2})/(\\d{1,2})/(\\d{1,2})/(\\d{1,2})/(\\d{1,2})")
                        .matcher(part.trim());
                if (!m.matches()) {
                    problems.add("QMS_GPIO_EVALUATORS: '" + part.trim() + "' is not COUNTER:P5/P4/P3/P2/P1 (five pins for "
                            + "levels 5 down to 1), e.g. 1:5/6/13/19/26");
                } else {
                    evaluators.put(m.group(1), List.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6))));
                }
            }
        });
        Optional<Integer> ready = pin(c, "QMS_GPIO_READY_LAMP", problems);
        Optional<Integer> fault = pin(c, "QMS_GPIO_FAULT_LAMP", problems);
        Optional<Integer> buzzer = pin(c, "QMS_GPIO_BUZZER", problems);
        Optional<String> badReason = c.optional("QMS_GPIO_EVALUATOR_BAD_REASON");
        if (!evaluators.isEmpty() && badReason.isEmpty()) {
            problems.add("QMS_GPIO_EVALUATOR_BAD_REASON: required with QMS_GPIO_EVALUATORS: a five-button box cannot ask "
                    + "why, so name the catalogue reason its 1 and 2 carry (say, one called 'unspecified')");
        }
        int debounce = c.integer("QMS_GPIO_DEBOUNCE_MS", 50, 1, 2000, "milliseconds, a whole number from 1 to 2000");
        String printerDown = c.matching("QMS_GPIO_PRINTER_DOWN", "refuse", Pattern.compile("refuse|issue"),
                "is not 'refuse' (no ticket while the printer cannot print) or 'issue'");
        List<Integer> all = new java.util.ArrayList<>();
        buttons.values().forEach(all::add);
        next.values().forEach(all::add);
        evaluators.values().forEach(all::addAll);
        ready.ifPresent(all::add);
        fault.ifPresent(all::add);
        buzzer.ifPresent(all::add);
        all.stream().filter(p -> java.util.Collections.frequency(all, p) > 1).distinct().forEach(p ->
                problems.add("QMS_GPIO_*: pin " + p + " is used twice"));
        int early = c.integer("QMS_APPOINTMENT_EARLY_MINUTES", 30, 0, 720, "minutes, a whole number from 0 to 720");
        int late = c.integer("QMS_APPOINTMENT_LATE_MINUTES", 10, 0, 720, "minutes, a whole number from 0 to 720");
        String outside = c.matching("QMS_APPOINTMENT_OUTSIDE_WINDOW", "normal", Pattern.compile("normal|refuse"),
                "is not 'normal' (a normal ticket, with the reason) or 'refuse' (no ticket)");
        int alarmCheck = c.integer("QMS_ALARM_CHECK_SECONDS", 10, 1, 300, "seconds, a whole number from 1 to 300");
        Config.LiveClients live = liveClients(c, problems);
        Config.Voice voice = voice(c, problems);
        // A hall that gave the broker credentials had asked for a closed broker: it stays closed to anonymous clients.
        String anonymous = c.matching("QMS_MQTT_ANONYMOUS", user.isPresent() ? "off" : "watch", Pattern.compile("watch|off"),
                "is not 'watch' (clients without an identity may read the wall topics, publish nothing) or 'off' "
                        + "(refused at connect)");
        Config.Cases cases = new Config.Cases(
                c.integer("QMS_CASE_CALLBACK_HOURS", 24, 1, 720, "hours, a whole number from 1 to 720"),
                c.integer("QMS_CASE_RESOLVE_DAYS", 15, 1, 90, "days, a whole number from 1 to 90"));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(station, dataDir, host, port, mqttUrl, user, password, admin, sync, zone, catalog,
                priorityRun, maxRecalls, pinFailures, pinLock, mqttBind, mqttPort, ratingTimeout, deviceConfigDir,
                tls, httpsPort, authFailures, previous, until,
                new Config.Printing(printer, paper, Map.copyOf(windowPrinters), publicUrl),
                new Config.Gpio(gpioPlatform, java.util.Collections.unmodifiableMap(buttons), ready, fault, buzzer,
                        java.util.Collections.unmodifiableMap(next), java.util.Collections.unmodifiableMap(evaluators),
                        badReason, debounce, printerDown),
                new Config.Appointments(early, late, outside), alarmCheck, live, voice, anonymous, cases);
    }

    private static Config.Voice voice(Check c, List<String> problems) {
        String mode = c.matching("QMS_VOICE", "clips", Pattern.compile("clips|browser"),
                "is not 'clips' (boards play the hall's voice clips) or 'browser' (the browser's own speech)");
        String numbers = c.matching("QMS_VOICE_NUMBERS", "digits", Pattern.compile("digits|number"),
                "is not 'digits' (A012 said A零一二) or 'number' (A十二)");
        Optional<String> speaker = c.optional("QMS_SPEAKER");
        speaker.ifPresent(s -> {
            if (s.length() > 100 || !s.chars().allMatch(ch -> ch >= 32 && ch != 127)) {
                problems.add("QMS_SPEAKER: must be 'default' or the name of an audio output (at most 100 characters), "
                        + "or unset for a silent board");
            }
        });
        Optional<Path> dir = c.optional("QMS_VOICE_DIR").map(Path::of);
        dir.ifPresent(d -> {
            if (!Files.isDirectory(d) || !Files.isReadable(d)) {
                problems.add("QMS_VOICE_DIR: '" + d + "' is not a folder that can be read");
            }
        });
        return new Config.Voice(mode, numbers, speaker, dir);
    }

    private static Map<String, Integer> pins(Check c, String key, String form, List<String> problems) {
        Map<String, Integer> out = new LinkedHashMap<>();
        c.optional(key).ifPresent(v -> {
            for (String part : v.split(",")) {
                Matcher m = PIN_MAP.matcher(part.trim());
                if (!m.matches() || Integer.parseInt(m.group(2)) > 27) {
                    problems.add(key + ": '" + part.trim() + "' is not " + form + " (BCM pins 0 to 27)");
                } else {
                    out.put(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
        });
        return out;
    }

    private static Config.LiveClients liveClients(Check c, List<String> problems) {
        int max = c.integer("QMS_LIVE_MAX_CLIENTS", 64, 4, 1000, "a whole number from 4 to 1000");
        int perAddress = c.integer("QMS_LIVE_PER_ADDRESS", 4, 1, 1000, "a whole number from 1 to 1000");
        java.util.Set<String> trusted = new java.util.LinkedHashSet<>();
        c.optional("QMS_LIVE_TRUSTED").ifPresent(v -> {
            for (String part : v.split(",")) {
                String a = part.trim();
                // literals only: a name would need DNS at every start, and a spoofed answer would trust a stranger
                if (!a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*")
                        || !validAddress(a)) {
                    problems.add("QMS_LIVE_TRUSTED: '" + a + "' is not an IP address like 192.168.1.20 (a comma-separated "
                            + "list of the wall boards' addresses)");
                } else {
                    trusted.add(a);
                }
            }
        });
        return new Config.LiveClients(max, perAddress, java.util.Collections.unmodifiableSet(trusted));
    }

    private static boolean validAddress(String literal) {
        try {
            java.net.InetAddress.getByName(literal);
            return literal.contains(":") || java.util.Arrays.stream(literal.split("\\.")).allMatch(o -> Integer.parseInt(o) < 256);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Optional<Integer> pin(Check c, String key, List<String> problems) {
        if (c.optional(key).isEmpty()) {
            return Optional.empty();
        }
        int p = c.integer(key, -1, 0, 27, "a BCM pin number from 0 to 27");
        return p < 0 ? Optional.empty() : Optional.of(p);
    }

    private static void readFile(Path file, Map<String, String> values, List<String> problems) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("--config: cannot read '" + file + "': " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getMessage()));
            return;
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                problems.add(k + ": unknown key in " + file + Lookalikes.closest(k).map(c -> "; did you mean " + c + "?")
                        .orElse(" (known keys: QMS_STATION, QMS_DATA_DIR, ... see README)"));
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
