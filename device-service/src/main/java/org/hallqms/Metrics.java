package org.hallqms;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.hallqms.alarm.Alarms;
import org.hallqms.mqtt.MqttLink;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketEngine;

/**
 * {@code GET /metrics} in Prometheus text format (0.0.4), written by the Prometheus Java client: what a station's
 * monitoring wants to graph and alert on. Day figures are gauges of the current business day (they drop to zero at
 * the day change, as the hall does). Every value is read when scraped; nothing is counted twice.
 */
final class Metrics {
    private static final List<String> ALARM_KINDS = List.of("wait-target", "service-limit", "complaint", "device-misuse");

    private final Store store;
    private final TicketEngine engine;
    private final RatingService ratings;
    private final MqttLink link;
    private final Supplier<List<Map<String, Object>>> devices;
    private final Supplier<Map<String, Object>> auth;
    private final Supplier<Long> syncAfter;
    private final Supplier<List<Alarms.Alarm>> alarms;
    private final Supplier<Map<String, Map<String, Long>>> refusals;
    /** Made at the first scrape: the service's start does not load the client's classes. */
    private PrometheusRegistry registry;
    /** The day's ticket figures, read once per scrape so that issued, served and by-state agree. */
    private Map<String, Map<String, Object>> services = Map.of();

    Metrics(Store store, TicketEngine engine, RatingService ratings, MqttLink link,
            Supplier<List<Map<String, Object>>> devices, Supplier<Map<String, Object>> auth, Supplier<Long> syncAfter,
            Supplier<List<Alarms.Alarm>> alarms, Supplier<Map<String, Map<String, Long>>> refusals) {
        this.store = store;
        this.engine = engine;
        this.ratings = ratings;
        this.link = link;
        this.devices = devices;
        this.auth = auth;
        this.syncAfter = syncAfter;
        this.alarms = alarms;
        this.refusals = refusals;
    }

    @SuppressWarnings("unchecked")
    synchronized String render() {
        if (registry == null) {
            registry = register(new PrometheusRegistry());
        }
        services = (Map<String, Map<String, Object>>) engine.stats(store.today()).get("services");
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return WholeValues.of(out.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private PrometheusRegistry register(PrometheusRegistry r) {
        gauge("qms_tickets", "Tickets of the current business day by service and state", "service", "state")
                .callback(cb -> services.forEach((svc, counts) -> counts.forEach((state, n) -> {
                    if (!state.equals("issued")) {
                        cb.call(((Number) n).doubleValue(), svc, state.equals("noShow") ? "no_show" : state);
                    }
                }))).register(r);
        gauge("qms_tickets_issued", "Tickets issued today by service", "service")
                .callback(cb -> services.forEach((svc, counts) -> cb.call(((Number) counts.get("issued")).doubleValue(),
                        svc))).register(r);
        gauge("qms_tickets_served", "Tickets finished done or incomplete today by service", "service")
                .callback(cb -> services.forEach((svc, counts) -> cb.call((Integer) counts.get("done")
                        + (Integer) counts.get("incomplete"), svc))).register(r);
        gauge("qms_oldest_wait_seconds", "How long the oldest waiting ticket of a service has waited", "service")
                .callback(cb -> engine.oldestWaitSeconds().forEach((svc, secs) -> cb.call(secs, svc))).register(r);
        gauge("qms_ratings", "Ratings recorded today by level (5 非常满意 .. 1 非常不满意)", "level")
                .callback(cb -> ((Map<String, Integer>) ratings.stats(store.today()).get("levels"))
                        .forEach((level, n) -> cb.call(n, level))).register(r);
        gauge("qms_device_up", "1 when the device last reported ready", "device", "kind")
                .callback(cb -> devices.get().forEach(d -> cb.call("ready".equals(d.get("state"))
                        || "ok".equals(d.get("state")) ? 1 : 0, String.valueOf(d.get("id")), String.valueOf(d.get("kind")))))
                .register(r);
        gauge("qms_alarms_active", "Active alarms by kind (wait-target, service-limit, complaint)", "kind")
                .callback(cb -> {
                    Map<String, Integer> byKind = new TreeMap<>();
                    ALARM_KINDS.forEach(k -> byKind.put(k, 0));
                    alarms.get().forEach(a -> byKind.merge(a.kind(), 1, Integer::sum));
                    byKind.forEach((k, n) -> cb.call(n, k));
                }).register(r);
        CounterWithCallback.builder().name("qms_mqtt_refused_total")
                .help("What the embedded broker refused since start, by identity (device id, anonymous, unknown) and "
                        + "reason (connect-denied, publish-denied, subscribe-denied, will-denied, client-id-denied)")
                .labelNames("identity", "reason")
                .callback(cb -> refusals.get().forEach((who, byReason) -> byReason.forEach((reason, n) ->
                        cb.call(n, who, reason)))).register(r);
        gauge("qms_mqtt_connected", "1 while the service is connected to its MQTT broker")
                .callback(cb -> cb.call(link.connected() ? 1 : 0)).register(r);
        gauge("qms_event_log_head", "The last seq of the event log")
                .callback(cb -> cb.call(store.head().seq())).register(r);
        gauge("qms_sync_lag_events", "Events the station has not asked for yet (head minus the last cursor it sent); "
                + "absent before the first pull since start")
                .callback(cb -> {
                    Long after = syncAfter.get();
                    if (after != null) {
                        cb.call(Math.max(0, store.head().seq() - after));
                    }
                }).register(r);
        CounterWithCallback.builder().name("qms_auth_failed_total").help("Failed credentials since start (tokens, PINs)")
                .callback(cb -> cb.call(((Number) auth.get().get("failed")).doubleValue())).register(r);
        return r;
    }

    private static GaugeWithCallback.Builder gauge(String name, String help, String... labels) {
        return GaugeWithCallback.builder().name(name).help(help).labelNames(labels);
    }
}
