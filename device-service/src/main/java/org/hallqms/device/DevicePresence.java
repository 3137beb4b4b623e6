package org.hallqms.device;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.event.DeviceEvent;
import org.hallqms.event.Wire;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device presence from each device's retained {@code state} (with its last will {@code lost}): a change is an
 * event; a window screen or evaluator lost while its counter is open raises an alarm in the log.
 */
public final class DevicePresence {
    private static final Logger log = LoggerFactory.getLogger(DevicePresence.class);
    /** The states a device may report. */
    public static final Set<String> STATES = Set.of("init", "ready", "lost");
    private static final Set<String> WATCHED = Set.of("window-screen", "evaluator");

    private final Store store;
    private final CatalogService catalog;
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();

    public DevicePresence(Store store, CatalogService catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** A catalogue device was heard from. */
    public void seen(String device) {
        lastSeen.put(device, now());
    }

    private String now() {
        return OffsetDateTime.now(store.clock().withZone(store.zone())).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A device's reported state (one of {@link #STATES}): logged when it changed. */
    public void report(String device, String state, String kind, String fw) {
        boolean changed = store.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("SELECT state FROM devices WHERE id = ?")) {
                ps.setString(1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1).equals(state)) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO devices(id, state, kind, fw, "
                    + "changed_at) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
                    + "kind = excluded.kind, fw = excluded.fw, changed_at = excluded.changed_at")) {
                ps.setString(1, device);
                ps.setString(2, state);
                ps.setString(3, kind);
                ps.setString(4, fw);
                ps.setString(5, tx.now().toString());
                ps.executeUpdate();
            }
            tx.append(new DeviceEvent.StateChanged(device, Wire.parse(DeviceEvent.Status.class, state), kind, fw));
            return true;
        });
        if (changed && state.equals("lost")) {
            alarmIfCounterOpen(device);
        }
    }

    private void alarmIfCounterOpen(String device) {
        Catalog.Device d = catalog.current().devices().stream().filter(x -> x.id().equals(device)).findFirst().orElse(null);
        if (d == null || d.counter() == null || !WATCHED.contains(d.kind())) {
            return;
        }
        boolean open = store.read(c -> CounterDesk.row(c, d.counter()).map(r -> !r.state().equals("closed")).orElse(false));
        if (open) {
            log.warn("device: ALARM {} ({} of counter {}) is lost while the counter is open", device, d.kind(), d.counter());
        }
    }

    /** Every catalogue device with its reported state and when it was last heard from. */
    public List<Map<String, Object>> list() {
        Map<String, Map<String, String>> stored = store.read(c -> {
            Map<String, Map<String, String>> m = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state, kind, fw, changed_at FROM devices");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    row.put("state", rs.getString(2));
                    row.put("fw", rs.getString(4));
                    row.put("changedAt", rs.getString(5));
                    m.put(rs.getString(1), row);
                }
            }
            return m;
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (Catalog.Device d : catalog.current().devices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, String> s = stored.getOrDefault(d.id(), Map.of());
            m.put("id", d.id());
            m.put("kind", d.kind());
            m.put("counter", d.counter());
            m.put("state", s.getOrDefault("state", "unknown"));
            m.put("fw", s.get("fw"));
            m.put("changedAt", s.get("changedAt"));
            m.put("lastSeen", lastSeen.get(d.id()));
            out.add(m);
        }
        return out;
    }
}
