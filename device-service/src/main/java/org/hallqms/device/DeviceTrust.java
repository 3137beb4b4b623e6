package org.hallqms.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded broker and as whom (MQTT contract v1.1), and the tally of what was
 * refused: per identity and reason for {@code /metrics}, logged at most once a minute per identity, and a
 * {@code device-misuse} alarm when one identity is refused {@link #MISUSE_REFUSALS} times within a minute.
 *
 * <p>Transition: a catalogue device that has no secret yet may still connect as itself without one: by its user
 * name with an empty password, or, as firmware from before v1.1 did, with its id or {@code qms-<id>} as client
 * id and either no user name (only while anonymous clients are let in) or the hall's old shared
 * {@code QMS_MQTT_USER}/{@code QMS_MQTT_PASSWORD}. It gets only its own rights, is warned about once a minute
 * and is listed on the admin page as needing a secret. From its first secret on, the secret is the only way in.
 */
public final class DeviceTrust implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceTrust.class);
    static final int MISUSE_REFUSALS = 10;
    private static final long MINUTE = 60_000_000_000L;

    /** Raises the misuse alarm of one identity (called off the broker's threads). */
    @FunctionalInterface
    public interface MisuseAlarm {
        void raise(String identity, String counter, String detail);
    }

    private final String root;
    private final boolean watch;
    private final ServiceIdentity service;
    private final DeviceSecrets secrets;
    private final CatalogService catalog;
    private final Map<String, Map<String, AtomicLong>> refused = new ConcurrentHashMap<>();
    private final Map<String, long[]> window = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLog = new ConcurrentHashMap<>();
    private final ExecutorService alarms = Executors.newSingleThreadExecutor(org.hallqms.Threads.daemon("qms-misuse"));
    private volatile MisuseAlarm misuse = (i, c, d) -> { };

    public DeviceTrust(String station, String anonymous, ServiceIdentity service, DeviceSecrets secrets,
                       CatalogService catalog) {
        this.root = "qms/" + station + "/";
        this.watch = anonymous.equals("watch");
        this.service = service;
        this.secrets = secrets;
        this.catalog = catalog;
    }

    /** The hall's broker trust from its configuration: the service's identity and the stored device secrets. */
    public static DeviceTrust open(org.hallqms.config.Config config, org.hallqms.store.Store store, CatalogService catalog) {
        ServiceIdentity me = ServiceIdentity.load(config.dataDir(), config.mqttUser(), config.mqttPassword());
        return new DeviceTrust(config.station(), config.mqttAnonymous(), me, new DeviceSecrets(store, catalog), catalog);
    }

    public void misuse(MisuseAlarm alarm) {
        this.misuse = alarm;
    }

    String root() {
        return root;
    }

    boolean watch() {
        return watch;
    }

    public ServiceIdentity service() {
        return service;
    }

    public DeviceSecrets secrets() {
        return secrets;
    }

    private Optional<Catalog.Device> device(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return catalog.current().devices().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The broker's CONNECT check for a client with a user name. */
    boolean authenticate(String clientId, String user, byte[] password) {
        String pwd = password == null ? null : new String(password, StandardCharsets.UTF_8);
        if (user.equals(service.user())) {
            boolean right = pwd != null && MessageDigest.isEqual(password, service.password().getBytes(StandardCharsets.UTF_8));
            if (right && service.ownsClientId(clientId)) {
                return true;
            }
            if (right && legacyDevice(clientId).isPresent()) {
                // a device still on the hall's one shared password (before v1.1): itself only, until it has a secret
                transition(legacyDevice(clientId).get().id());
                return true;
            }
            refuse(user, "connect-denied", "wrong secret or a client id not its own ('" + printable(clientId) + "')");
            return false;
        }
        Optional<Catalog.Device> d = device(user);
        if (d.isEmpty()) {
            refuse("unknown", "connect-denied", "user '" + printable(user) + "' is no device of the catalogue");
            return false;
        }
        if (!user.equals(clientId)) {
            refuse(user, "connect-denied", "client id '" + printable(clientId) + "' is not its user name");
            return false;
        }
        if (secrets.has(user)) {
            if (secrets.matches(user, pwd)) {
                return true;
            }
            refuse(user, "connect-denied", "wrong secret");
            return false;
        }
        if (pwd == null || pwd.isEmpty()) {
            transition(user);
            return true;
        }
        refuse(user, "connect-denied", "has no secret yet; make one, or connect without a password until then");
        return false;
    }

    private void transition(String device) {
        warnOncePerMinute("transition " + device, "device {}: connected WITHOUT a secret (transition: anyone on the hall "
                + "network could act as it); make one with POST /api/v1/devices/{}/secret", device, device);
    }

    /**
     * The identity a connection acts as: the service, a device, or anonymous; null = nobody (refuse all).
     * A connection without a user name, or on the service's shared password, whose client id names a device
     * with no secret yet acts as that device (firmware from before v1.1).
     */
    Acl.Who who(String user, String clientId) {
        if (user == null || user.isEmpty()) {
            return legacyDevice(clientId).map(Acl.Who::of).orElse(Acl.Who.ANONYMOUS);
        }
        if (user.equals(service.user())) {
            if (service.ownsClientId(clientId)) {
                return new Acl.Who(user, "service", null);
            }
            return legacyDevice(clientId).map(Acl.Who::of).orElse(null);
        }
        return device(user).map(Acl.Who::of).orElse(null);
    }

    /** A device with no secret yet that a client names by its client id ({@code id} or {@code qms-id}). */
    Optional<Catalog.Device> legacyDevice(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        String id = clientId.startsWith("qms-") ? clientId.substring(4) : clientId;
        return device(id).filter(d -> !secrets.has(d.id()));
    }

    /** Whether an anonymous client's id is someone else's: the service's, or a device's that has a secret. */
    boolean reservedClientId(String clientId) {
        if (clientId == null) {
            return false;
        }
        if (clientId.startsWith(ServiceIdentity.USER) || service.ownsClientId(clientId)) {
            return true;
        }
        String id = clientId.startsWith("qms-") ? clientId.substring(4) : clientId;
        return device(id).isPresent() && secrets.has(id);
    }

    boolean mayPublish(String user, String clientId, String topic) {
        Acl.Who w = who(user, clientId);
        if (w != null && Acl.mayPublish(root, w, topic)) {
            return true;
        }
        refuse(w == null ? "unknown" : w.name(), "publish-denied", "publish to '" + printable(topic) + "'");
        return false;
    }

    boolean maySubscribe(String user, String clientId, String filter) {
        Acl.Who w = who(user, clientId);
        if (w != null && Acl.maySubscribe(root, w, filter)) {
            return true;
        }
        refuse(w == null ? "unknown" : w.name(), "subscribe-denied", "subscribe to '" + printable(filter) + "'");
        return false;
    }

    /** Counts a refusal, logs it at most once a minute per identity, and raises misuse when they pile up. */
    void refuse(String identity, String reason, String detail) {
        // Bounded labels: a made-up user name is "unknown"; catalogue ids and "anonymous" are few.
        String id = identity.equals("anonymous") || identity.equals(service.user()) || device(identity).isPresent()
                ? identity : "unknown";
        refused.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).computeIfAbsent(reason, k -> new AtomicLong())
                .incrementAndGet();
        warnOncePerMinute(id, "device {}: refused by the broker ({}): {}", id, reason, detail);
        long now = System.nanoTime();
        boolean raise;
        synchronized (window) {
            long[] w = window.computeIfAbsent(id, k -> new long[] {now, 0});
            if (now - w[0] > MINUTE) {
                w[0] = now;
                w[1] = 0;
            }
            raise = ++w[1] == MISUSE_REFUSALS;
        }
        if (raise) {
            String counter = device(id).map(Catalog.Device::counter).orElse(null);
            String what = MISUSE_REFUSALS + " refusals within a minute, last " + reason + ": " + detail;
            alarms.execute(() -> {
                try {
                    misuse.raise(id, counter, what);
                } catch (RuntimeException e) {
                    log.warn("device {}: misuse alarm not raised: {}", id, e.getMessage());
                }
            });
        }
    }

    private void warnOncePerMinute(String key, String format, Object... args) {
        long now = System.nanoTime();
        Long last = lastLog.get(key);
        if (last == null || now - last > MINUTE) {
            lastLog.put(key, now);
            log.warn(format, args);
        }
    }

    /** Refusals since start, by identity and reason, for {@code /metrics}. */
    public Map<String, Map<String, Long>> refusals() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        refused.forEach((id, m) -> {
            Map<String, Long> r = new TreeMap<>();
            m.forEach((k, v) -> r.put(k, v.get()));
            out.put(id, r);
        });
        return out;
    }

    /** What the device list says about a device's identity: whether it has a secret and since when. */
    public Map<String, Object> status(String device) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<String> since = secrets.since(device);
        m.put("secret", since.isPresent());
        m.put("secretSince", since.orElse(null));
        // without a secret: admitted as itself only while anonymous=watch (transition), else refused
        m.put("needsSecret", since.isEmpty());
        return m;
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void close() {
        alarms.shutdownNow();
    }
}
