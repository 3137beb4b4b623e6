package org.hallqms;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hallqms.config.Config;
import org.hallqms.http.HttpApi;
import org.hallqms.mqtt.Gateway;
import org.hallqms.mqtt.MqttLink;
import org.hallqms.print.PrintService;
import org.hallqms.store.LoggedEvents;
import org.hallqms.store.Store;

/**
 * What {@code /health} answers: the database readable and writable, the disk, the broker link, the printers.
 * "degraded" when any part needs the IT person; the hall may still be issuing.
 */
final class Health {
    /** A busy day writes a few MB; below this the IT person should act before the kiosks stop. */
    static final long LOW_DISK_BYTES = 64L * 1024 * 1024;

    private final Config config;
    private final Store store;
    private final String startedAt;
    private final boolean embeddedBroker;
    private final MqttLink link;
    private final Gateway gateway;
    private final HttpApi api;
    private final PrintService print;

    Health(Config config, Store store, String startedAt, boolean embeddedBroker, MqttLink link, Gateway gateway,
           HttpApi api, PrintService print) {
        this.config = config;
        this.store = store;
        this.startedAt = startedAt;
        this.embeddedBroker = embeddedBroker;
        this.link = link;
        this.gateway = gateway;
        this.api = api;
        this.print = print;
    }

    Map<String, Object> get() {
        Map<String, Object> db = new LinkedHashMap<>();
        boolean ok;
        try {
            db.put("headSeq", store.read(LoggedEvents::lastSeq));
            ok = true;
        } catch (RuntimeException e) {
            db.put("error", e.getMessage());
            ok = false;
        }
        var writeFailure = store.writeFailure();
        if (writeFailure.isPresent()) {
            db.put("writable", false);
            db.putIfAbsent("error", writeFailure.get());
            ok = false;
        }
        db.put("ok", ok);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", ok ? "ok" : "degraded");
        h.put("version", Hall.VERSION);
        h.put("station", config.station());
        h.put("startedAt", startedAt);
        h.put("businessDay", store.today().toString());
        h.put("database", db);
        long free = store.freeBytes();
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("path", config.dataDir().toString());
        disk.put("freeBytes", free);
        disk.put("low", free >= 0 && free < LOW_DISK_BYTES);
        h.put("disk", disk);
        if (free >= 0 && free < LOW_DISK_BYTES) {
            h.put("status", "degraded");
        }
        Map<String, Object> mqtt = new LinkedHashMap<>();
        mqtt.put("mode", embeddedBroker ? "embedded" : "external");
        mqtt.put("url", link.url());
        mqtt.put("connected", link.connected());
        mqtt.putAll(gateway.stats());
        h.put("broker", mqtt);
        h.put("auth", api.authStats());
        var printers = print.list();
        if (!printers.isEmpty()) {
            h.put("printers", printers);
        }
        if (ok && !link.connected()) {
            // The hall keeps issuing and calling; only the walls are dark.
            h.put("status", "degraded");
        }
        return h;
    }
}
