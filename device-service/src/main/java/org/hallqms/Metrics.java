package org.hallqms;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hallqms.mqtt.MqttLink;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketEngine;

/**
 * {@code GET /metrics} in Prometheus text format: what a station's monitoring wants to graph and alert on. Day
 * figures are gauges of the current business day (they drop to zero at the day change, as the hall does).
 */
final class Metrics {
    private final Store store;
    private final TicketEngine engine;
    private final RatingService ratings;
    private final MqttLink link;
    private final Supplier<List<Map<String, Object>>> devices;
    private final Supplier<Map<String, Object>> auth;
    private final Supplier<Long> syncAfter;
    private final Supplier<List<org.hallqms.alarm.Alarms.Alarm>> alarms;
    private final Supplier<Map<String, Map<String, Long>>> refusals;

    Metrics(Store store, TicketEngine engine, RatingService ratings, MqttLink link,
            Supplier<List<Map<String, Object>>> devices, Supplier<Map<String, Object>> auth, Supplier<Long> syncAfter,
            Supplier<List<org.hallqms.alarm.Alarms.Alarm>> alarms, Supplier<Map<String, Map<String, Long>>> refusals) {
        this.refusals = refusals;
        this.alarms = alarms;
        this.store = store;
        this.engine = engine;
        this.ratings = ratings;
        this.link = link;
        this.devices = devices;
        this.auth = auth;
        this.syncAfter = syncAfter;
    }

    @SuppressWarnings("unchecked")
    String render() {
        StringBuilder b = new StringBuilder(4096);
        var day = store.today();
        Map<String, Object> stats = engine.stats(day);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) stats.get("services");
        head(b, "qms_tickets", "gauge", "Tickets of the current business day by service and state");
        services.forEach((svc, counts) -> counts.forEach((state, n) -> {
            if (!state.equals("issued")) {
                String st = state.equals("noShow") ? "no_show" : state;
                b.append("qms_tickets{service=\"").append(label(svc)).append("\",state=\"").append(st).append("\"} ")
                        .append(n).append('\n');
            }
        }));
        head(b, "qms_tickets_issued", "gauge", "Tickets issued today by service");
        services.forEach((svc, counts) -> b.append("qms_tickets_issued{service=\"").append(label(svc)).append("\"} ")
                .append(counts.get("issued")).append('\n'));
        head(b, "qms_tickets_served", "gauge", "Tickets finished done or incomplete today by service");
        services.forEach((svc, counts) -> b.append("qms_tickets_served{service=\"").append(label(svc)).append("\"} ")
                .append((Integer) counts.get("done") + (Integer) counts.get("incomplete")).append('\n'));
        head(b, "qms_oldest_wait_seconds", "gauge", "How long the oldest waiting ticket of a service has waited");
        engine.oldestWaitSeconds().forEach((svc, secs) -> b.append("qms_oldest_wait_seconds{service=\"").append(label(svc))
                .append("\"} ").append(secs).append('\n'));
        Map<String, Object> r = ratings.stats(day);
        head(b, "qms_ratings", "gauge", "Ratings recorded today by level (5 非常满意 .. 1 非常不满意)");
        ((Map<String, Integer>) r.get("levels")).forEach((level, n) ->
                b.append("qms_ratings{level=\"").append(level).append("\"} ").append(n).append('\n'));
        head(b, "qms_device_up", "gauge", "1 when the device last reported ready");
        for (Map<String, Object> d : devices.get()) {
            b.append("qms_device_up{device=\"").append(label(String.valueOf(d.get("id")))).append("\",kind=\"")
                    .append(label(String.valueOf(d.get("kind")))).append("\"} ")
                    .append("ready".equals(d.get("state")) || "ok".equals(d.get("state")) ? 1 : 0).append('\n');
        }
        head(b, "qms_alarms_active", "gauge", "Active alarms by kind (wait-target, service-limit, complaint)");
        Map<String, Integer> byKind = new java.util.TreeMap<>(Map.of("wait-target", 0, "service-limit", 0, "complaint", 0,
                "device-misuse", 0));
        alarms.get().forEach(a -> byKind.merge(a.kind(), 1, Integer::sum));
        byKind.forEach((k, n) -> b.append("qms_alarms_active{kind=\"").append(k).append("\"} ").append(n).append('\n'));
        head(b, "qms_mqtt_refused_total", "counter", "What the embedded broker refused since start, by identity (device id, "
                + "anonymous, unknown) and reason (connect-denied, publish-denied, subscribe-denied, will-denied, "
                + "client-id-denied)");
        refusals.get().forEach((who, byReason) -> byReason.forEach((reason, n) -> b.append("qms_mqtt_refused_total{identity=\"")
                .append(label(who)).append("\",reason=\"").append(reason).append("\"} ").append(n).append('\n')));
        head(b, "qms_mqtt_connected", "gauge", "1 while the service is connected to its MQTT broker");
        b.append("qms_mqtt_connected ").append(link.connected() ? 1 : 0).append('\n');
        long head = store.head().seq();
        head(b, "qms_event_log_head", "gauge", "The last seq of the event log");
        b.append("qms_event_log_head ").append(head).append('\n');
        Long after = syncAfter.get();
        head(b, "qms_sync_lag_events", "gauge", "Events the station has not asked for yet (head minus the last cursor "
                + "it sent); absent before the first pull since start");
        if (after != null) {
            b.append("qms_sync_lag_events ").append(Math.max(0, head - after)).append('\n');
        }
        head(b, "qms_auth_failed_total", "counter", "Failed credentials since start (tokens, PINs)");
        b.append("qms_auth_failed_total ").append(auth.get().get("failed")).append('\n');
        return b.toString();
    }

    private static void head(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Label values escaped as the text format asks. */
    private static String label(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
