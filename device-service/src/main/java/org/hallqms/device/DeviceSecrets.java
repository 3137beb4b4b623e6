package org.hallqms.device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hallqms.Problem;
import org.hallqms.event.DeviceEvent;
import org.hallqms.catalog.CatalogService;
import org.hallqms.store.Sql;
import org.hallqms.store.Store;

/**
 * Each catalogue device's broker secret (MQTT contract v1.1): made here, shown once, kept only as its
 * {@code $7$} hash in {@code device_secrets}. Setting one is an event in the log (never the hash); the old
 * secret stops working with the commit, and listeners (the embedded broker) drop the device's live session.
 */
public final class DeviceSecrets {
    /** A new secret, for the one answer that shows it. */
    public record Issued(String device, String username, String password) {
    }

    /** A stored secret: its hash and since when. */
    record Stored(String hash, String setAt) {
    }

    private final Store store;
    private final CatalogService catalog;
    private final Map<String, Stored> cache = new ConcurrentHashMap<>();
    private volatile Consumer<String> onChange = d -> { };

    public DeviceSecrets(Store store, CatalogService catalog) {
        this.store = store;
        this.catalog = catalog;
        cache.putAll(store.read(DeviceSecrets::read));
    }

    /** Runs after a device's secret changed (committed), with the device id. */
    void onChange(Consumer<String> c) {
        this.onChange = c;
    }

    /** {@code POST /api/v1/devices/{id}/secret}: a new secret for a catalogue device; the old one is gone. */
    public Issued issue(String device) {
        if (catalog.current().devices().stream().noneMatch(d -> d.id().equals(device))) {
            throw Problem.UNKNOWN_DEVICE.exception("no device '" + device + "' in the catalogue");
        }
        String secret = MosquittoHash.newSecret();
        String hash = MosquittoHash.hash(secret);
        String at = store.write(tx -> {
            String now = tx.now().toString();
            Sql.update(tx.connection(), "INSERT INTO device_secrets(device, hash, set_at) VALUES (?,?,?) "
                    + "ON CONFLICT(device) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at", device, hash, now);
            tx.append(new DeviceEvent.SecretSet(device));
            return now;
        });
        cache.put(device, new Stored(hash, at));
        onChange.accept(device);
        return new Issued(device, device, secret);
    }

    /** Since when the device has a secret; empty = none yet. */
    public Optional<String> since(String device) {
        return Optional.ofNullable(cache.get(device)).map(Stored::setAt);
    }

    boolean has(String device) {
        return cache.containsKey(device);
    }

    boolean matches(String device, String password) {
        Stored s = cache.get(device);
        return s != null && MosquittoHash.matches(password, s.hash());
    }

    /** Every stored secret by device, read from a hall's database (also by {@code mqtt-acl}, beside the service). */
    static Map<String, Stored> read(Connection c) throws SQLException {
        Map<String, Stored> m = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT device, hash, set_at FROM device_secrets ORDER BY device");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                m.put(rs.getString(1), new Stored(rs.getString(2), rs.getString(3)));
            }
        }
        return m;
    }
}
