package org.hallqms.display;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hallqms.Threads;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.device.MqttLink;
import org.hallqms.device.Topics;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes, on one thread and only after commits, what the displays must show. Call announcements come
 * from the event log after a stored cursor: live calls and calls missed during an outage or a crash take the
 * same path, in seq order, and the cursor moves only after the broker acknowledged each one.
 */
public final class Announcer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final Set<String> CALLS = Set.of("ticket.called", "ticket.recalled");
    private static final String CURSOR = "calls_published_seq";

    private final Store store;
    private final CatalogService catalog;
    private final MqttLink link;
    private final RatingService ratings;
    private volatile DeviceConfigs configs;
    private final int ratingTimeoutSeconds;
    // Devices whose retained config is out there, so a reload that drops a file can clear it.
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    private final Topics topics;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.daemon("qms-displays"));
    private final Set<String> dirtyCounters = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyEvaluators = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirtyBoard = new AtomicBoolean();
    private final AtomicBoolean dirtyAlarms = new AtomicBoolean();
    private volatile Supplier<Map<String, Object>> alarms = () -> null;
    private final AtomicBoolean everything = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private long cursor = -1;
    // A call was committed (or the link reconnected) since the log was last looked at.
    private final AtomicBoolean callsPending = new AtomicBoolean();
    private static final long BOARD_INTERVAL_NANOS = 250_000_000L;
    private long lastBoard = System.nanoTime() - BOARD_INTERVAL_NANOS;
    private final AtomicBoolean boardLater = new AtomicBoolean();
    private final java.util.concurrent.ScheduledExecutorService delay =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-displays-delay"));

    public Announcer(Store store, CatalogService catalog, MqttLink link, RatingService ratings, DeviceConfigs configs,
                     int ratingTimeoutSeconds) {
        this.ratingTimeoutSeconds = ratingTimeoutSeconds;
        this.store = store;
        this.catalog = catalog;
        this.link = link;
        this.ratings = ratings;
        this.configs = configs;
        this.topics = link.topics();
        store.onCommit(this::committed);
        link.onConnect(() -> {
            everything.set(true);
            callsPending.set(true);
            trigger();
        });
    }

    /** New device files (a reload): every config, screen and the board are published again. */
    public void devices(DeviceConfigs next) {
        configs = next;
        everything.set(true);
        trigger();
    }

    /** Where the retained alarms list comes from; published on every alarm change and reconnect. */
    public void alarms(Supplier<Map<String, Object>> source) {
        this.alarms = source;
        dirtyAlarms.set(true);
        trigger();
    }

    public DeviceConfigs devices() {
        return configs;
    }

    private void committed(List<Event> events) {
        for (Event e : events) {
            if (CALLS.contains(e.type())) {
                callsPending.set(true);
            }
            if (e.type().startsWith("ticket.") || e.type().startsWith("counter.") || e.type().equals("catalog.updated")) {
                dirtyBoard.set(true);
            }
            if (e.type().equals("catalog.updated")) {
                everything.set(true);
                continue;
            }
            if (e.type().startsWith("alarm.")) {
                dirtyAlarms.set(true);
                continue;
            }
            if (e.type().equals("ticket.issued")) {
                continue; // the busiest event names no counter or device: only the board changes
            }
            JsonNode d = data(e);
            for (String f : List.of("counter", "toCounter")) {
                if (d.hasNonNull(f)) {
                    dirtyCounters.add(d.get(f).asText());
                }
            }
            if (e.type().startsWith("rating.") && d.hasNonNull("device")) {
                dirtyEvaluators.add(d.get("device").asText());
            }
            if (e.type().equals("ticket.expired") || e.type().equals("counter.closed")) {
                everything.set(true);
            }
        }
        trigger();
    }

    /** Coalesces bursts: at most one pass queued behind the one running. */
    private void trigger() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    scheduled.set(false);
                    try {
                        pass();
                    } catch (RuntimeException e) {
                        log.warn("display: publishing pass failed, retried at the next change or reconnect: {}",
                                e.getMessage());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // Stopping: the last commits are announced at the next start (displays and the calls outbox).
            }
        }
    }

    private void pass() {
        if (!link.connected()) {
            return;
        }
        Catalog cat = catalog.current();
        boolean all = everything.getAndSet(false);
        if (all) {
            cat.counters().forEach(c -> dirtyCounters.add(c.id()));
        }
        // The window screen first: it is what the citizen at that window is watching.
        for (String counter : List.copyOf(dirtyCounters)) {
            dirtyCounters.remove(counter);
            cat.counter(counter).ifPresent(def -> link.publish(topics.display(counter), bytes(display(cat, def)), true));
        }
        long before = cursor;
        publishCalls(cat);
        if (all) {
            cat.devices().stream().filter(d -> d.kind().equals("evaluator")).forEach(d -> dirtyEvaluators.add(d.id()));
            dirtyBoard.set(true);
            Map<String, String> published = configs.published(cat, ratingTimeoutSeconds);
            for (String gone : List.copyOf(configured)) {
                if (!published.containsKey(gone)) {
                    // an empty retained message removes the retained config from the broker
                    link.publish(topics.config(gone), new byte[0], true);
                    configured.remove(gone);
                }
            }
            published.forEach((device, json) -> {
                link.publish(topics.config(device), json.getBytes(StandardCharsets.UTF_8), true);
                configured.add(device);
            });
        }
        if (dirtyAlarms.getAndSet(false) || all) {
            Map<String, Object> list = alarms.get();
            if (list != null) {
                link.publish(topics.alarms(), bytes(list), true);
            }
        }
        for (String device : List.copyOf(dirtyEvaluators)) {
            dirtyEvaluators.remove(device);
            ratings.sessionPayload(device).ifPresent(p -> link.publish(topics.session(device), bytes(p), true));
        }
        long now = System.nanoTime();
        if (dirtyBoard.get()) {
            if (now - lastBoard >= BOARD_INTERVAL_NANOS) {
                dirtyBoard.set(false);
                lastBoard = now;
                link.publish(topics.board(), bytes(board(cat)), true);
            } else if (boardLater.compareAndSet(false, true)) {
                // A busy kiosk would otherwise recount the queue on every commit; people read 4 updates a second.
                delay.schedule(() -> {
                    boardLater.set(false);
                    trigger();
                }, BOARD_INTERVAL_NANOS - (now - lastBoard), TimeUnit.NANOSECONDS);
            }
        }
        if (cursor != before) {
            // Last: a durable write; a crash before it repeats these calls once (same ids), never loses them.
            saveCursor();
        }
    }

    /**
     * Loads the cursor of published calls, before any new event can be committed. On the very first start it
     * is set to the log's head: the history before MQTT existed is not announced.
     */
    public void start() {
        if (cursor < 0) {
            cursor = store.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                    ps.setString(1, CURSOR);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Long.parseLong(rs.getString(1)) : -1L;
                    }
                }
            });
            if (cursor < 0) {
                // First start with MQTT: announce from now on, not the history of the log.
                cursor = store.head().seq();
                saveCursor();
            }
        }
        // Calls committed before a crash and never published: looked for at the first pass.
        callsPending.set(true);
    }

    private void publishCalls(Catalog cat) {
        // Only look when a call was committed (or after a reconnect): the log since the last call can be long.
        if (!callsPending.getAndSet(false)) {
            return;
        }
        while (true) {
            List<Event> due = store.read(c -> calls(c, cursor));
            if (due.isEmpty()) {
                return;
            }
            for (Event e : due) {
                if (!link.publishAndWait(topics.calls(), bytes(call(cat, e)), false, 5_000)) {
                    break;
                }
                cursor = e.seq();
            }
            if (cursor != due.get(due.size() - 1).seq()) {
                // The broker went away; the reconnect pass continues from here.
                callsPending.set(true);
                return;
            }
        }
    }

    private void saveCursor() {
        long value = cursor;
        store.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?) "
                    + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, CURSOR);
                ps.setString(2, Long.toString(value));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The calls and recalls logged after {@code after}, in order, at most 200: the calls outbox, and a board's replay. */
    public static List<Event> calls(Connection c, long after) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, id, type, at, day, data, prev_hash, hash FROM events "
                + "WHERE seq > ? AND type IN ('ticket.called', 'ticket.recalled') ORDER BY seq LIMIT 200")) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Store.readEvent(rs));
                }
            }
        }
        return out;
    }

    /** The Mandarin announcement: 请A012号到3号窗口办理; a recall says it is one. */
    public static String speech(String number, String counterName, int recall) {
        String text = "请" + number + "号到" + counterName + "办理";
        return recall > 0 ? "再次呼叫，" + text : text;
    }

    /** Where a board fetches the call's sentence as one WAV (design §10). */
    public static String audioPath(String callId) {
        return "/api/v1/calls/" + callId + "/audio.wav";
    }

    private static String counterName(Catalog cat, String counter) {
        String name = cat.counter(counter).map(Catalog.CounterDef::name).orElse(counter);
        return name.endsWith("窗口") ? name : counter + "号窗口";
    }

    private Map<String, Object> call(Catalog cat, Event e) {
        JsonNode d = data(e);
        String counter = d.path("counter").asText();
        int recall = d.path("recall").asInt();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("id", e.id());
        m.put("seq", e.seq());
        m.put("ticket", d.path("number").asText());
        m.put("service", d.path("service").asText());
        m.put("counter", counter);
        m.put("counterName", counterName(cat, counter));
        m.put("recall", recall);
        m.put("speech", speech(d.path("number").asText(), counterName(cat, counter), recall));
        m.put("audio", audioPath(e.id()));
        m.put("at", e.at());
        return m;
    }

    private Map<String, Object> display(Catalog cat, Catalog.CounterDef def) {
        return store.read(c -> {
            CounterRow row = CounterDesk.row(c, def.id()).orElseThrow();
            String number = null;
            String ticketState = null;
            String service = null;
            if (row.ticket() != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT label, state, service FROM tickets WHERE id = ?")) {
                    ps.setString(1, row.ticket());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            number = rs.getString(1);
                            ticketState = rs.getString(2);
                            service = rs.getString(3);
                        }
                    }
                }
            }
            String state;
            String text;
            String name = counterName(cat, def.id());
            if (row.state().equals("closed")) {
                state = "closed";
                text = name + " 暂停服务";
            } else if (row.state().equals("paused") && number == null) {
                state = "paused";
                text = "暂停服务" + (row.reason() == null ? "" : "：" + row.reason());
            } else if ("called".equals(ticketState)) {
                state = "calling";
                text = speech(number, name, 0);
            } else if ("serving".equals(ticketState)) {
                state = "serving";
                text = number + " 正在办理";
            } else {
                state = "idle";
                text = name + " 欢迎您";
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("v", 1);
            m.put("counter", def.id());
            m.put("name", def.name());
            m.put("state", state);
            m.put("ticket", number);
            m.put("text", text);
            String serviceName = service == null ? null : cat.service(service).map(x -> x.name().zh()).orElse(service);
            if (service != null) {
                m.put("service", service);
                m.put("serviceName", serviceName);
            }
            String st = state;
            String num = number;
            // The rows of this counter's screen, from its file's template: the firmware only draws them.
            configs.screen(def.id()).ifPresent(d -> m.put("lines", DeviceConfigs.screenLines(d, st, num, name, serviceName)));
            m.put("seq", store.head().seq());
            m.put("at", now());
            return m;
        });
    }

    /** What the main board shows now (the retained board message), for the browser board's first view. */
    public Map<String, Object> board() {
        return board(catalog.current());
    }

    private Map<String, Object> board(Catalog cat) {
        return store.read(c -> {
            List<Map<String, Object>> recent = new ArrayList<>();
            List<Map<String, String>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, id, type, at, day, data, prev_hash, hash FROM events "
                    + "WHERE type IN ('ticket.called', 'ticket.recalled') AND day = ? ORDER BY seq DESC LIMIT 64")) {
                ps.setString(1, store.today().toString());
                Set<String> shown = new java.util.HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && recent.size() < 8) {
                        JsonNode d = data(Store.readEvent(rs));
                        // A recall moves the ticket to the top; it is not a second line.
                        if (shown.add(d.path("number").asText())) {
                            recent.add(Map.of("ticket", d.path("number").asText(), "counter",
                                    d.path("counter").asText(), "at", rs.getString(4)));
                            rows.add(Map.of("ticket", d.path("number").asText(), "counter",
                                    counterName(cat, d.path("counter").asText()), "service",
                                    cat.service(d.path("service").asText()).map(x -> x.name().zh()).orElse("")));
                        }
                    }
                }
            }
            Map<String, Integer> waiting = new LinkedHashMap<>();
            cat.services().forEach(s -> waiting.put(s.code(), 0));
            try (PreparedStatement ps = c.prepareStatement("SELECT service, COUNT(*) FROM tickets WHERE day = ? AND "
                    + "state = 'waiting' GROUP BY service")) {
                ps.setString(1, store.today().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        waiting.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("v", 1);
            m.put("recent", recent);
            m.put("waiting", waiting);
            m.put("notice", cat.hall().notice());
            configs.board().ifPresent(d -> m.put("lines", DeviceConfigs.boardLines(d, cat, rows)));
            m.put("seq", store.head().seq());
            m.put("at", now());
            return m;
        });
    }

    private String now() {
        return OffsetDateTime.now(store.clock().withZone(store.zone())).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static JsonNode data(Event e) {
        try {
            return Json.MAPPER.readTree(e.data());
        } catch (Exception ex) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static byte[] bytes(Object o) {
        return Json.write(o).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        delay.shutdownNow();
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
