package org.hallqms.http;

import io.javalin.http.sse.SseClient;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hallqms.Threads;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.display.Calls;
import org.hallqms.event.CatalogUpdated;
import org.hallqms.event.HallEvents;
import org.hallqms.store.Committed;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/live}: server-sent events for the browser board, consoles and admin page. A client first
 * gets a {@code snapshot} (the truth now), then each committed event as it happens, reduced to what a wall may
 * show: ticket numbers, services, windows; never ratings' levels or anything about a citizen. A client that
 * reconnects with {@code Last-Event-ID} also gets the calls it missed in the last minute, marked
 * {@code replay}, so a board that lost its network a moment still says them.
 */
public final class Live implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Live.class);

    private final Store store;
    private final CatalogService catalog;
    private final Supplier<Map<String, Object>> snapshot;
    private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final LiveSlots slots;
    private final Map<SseClient, LiveSlots.Slot> held = new java.util.concurrent.ConcurrentHashMap<>();
    // One thread writes to every client: a slow browser delays the others a little, never a commit.
    private final ScheduledExecutorService out = Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-live"));

    /**
     * @param maxClients  live connections in all ({@code QMS_LIVE_MAX_CLIENTS}); a quarter is kept for known addresses
     * @param perAddress  connections one stranger address may hold ({@code QMS_LIVE_PER_ADDRESS})
     * @param trusted     addresses that are never strangers, such as the wall board's PC ({@code QMS_LIVE_TRUSTED})
     */
    public Live(Store store, CatalogService catalog, Supplier<Map<String, Object>> snapshot, int maxClients,
                int perAddress, Set<String> trusted) {
        this.slots = new LiveSlots(maxClients, perAddress, trusted);
        this.store = store;
        this.catalog = catalog;
        this.snapshot = snapshot;
        store.onCommitted(this::committed);
        // a comment every 15 s finds closed connections and keeps proxies from cutting idle ones
        out.scheduleWithFixedDelay(() -> clients.forEach(c -> send(c, () -> c.sendComment("keep-alive"))), 15, 15,
                TimeUnit.SECONDS);
    }

    void connect(SseClient client) {
        StringBuilder why = new StringBuilder();
        LiveSlots.Slot slot = slots.take(client.ctx().ip(), why);
        if (slot == null) {
            client.sendEvent("refused", Json.write(Map.of("detail", why.toString())));
            client.close();
            return;
        }
        held.put(client, slot);
        client.keepAlive();
        // EventSource resends the last id itself; a page that had to make a new EventSource passes it as ?after=
        String last = client.ctx().header("Last-Event-ID") != null ? client.ctx().header("Last-Event-ID")
                : client.ctx().queryParam("after");
        client.onClose(() -> drop(client));
        out.execute(() -> {
            long head = store.head().seq();
            send(client, () -> client.sendEvent("snapshot", Json.write(snapshot.get()), Long.toString(head)));
            if (last != null && last.matches("\\d{1,18}")) {
                replayCalls(client, Long.parseLong(last), head);
            }
            if (!client.terminated()) {
                clients.add(client);
            } else {
                drop(client);
            }
        });
    }

    /** An address that showed a valid credential; see {@link LiveSlots}. */
    void known(String address) {
        slots.known(address);
    }

    /** Forgets a client and gives its slot back, once, whichever of close and a failed write comes first. */
    private void drop(SseClient c) {
        clients.remove(c);
        LiveSlots.Slot s = held.remove(c);
        if (s != null) {
            slots.release(s);
        }
    }

    /** The calls after {@code after} made in the last minute: a board back from a short drop says them still. */
    private void replayCalls(SseClient client, long after, long head) {
        if (head - after > 2_000) {
            return;
        }
        OffsetDateTime since = OffsetDateTime.now(store.clock()).minusMinutes(1);
        List<Event> missed = store.read(c -> Calls.logged(c, after));
        Catalog cat = catalog.current();
        for (Event e : missed) {
            if (OffsetDateTime.parse(e.at()).isAfter(since)) {
                Map<String, Object> m;
                try {
                    m = PublicView.of(cat, e, HallEvents.decode(e.type(), e.data()));
                } catch (IllegalArgumentException unreadable) {
                    // the store's listeners skip such an event too (and log it once, at its commit)
                    continue;
                }
                m.put("replay", true);
                send(client, () -> client.sendEvent(e.type(), Json.write(m), Long.toString(e.seq())));
            }
        }
    }

    private void committed(List<Committed> events) {
        // A client still getting its snapshot is in held, not yet in clients: its events are queued behind the
        // snapshot on the same thread, so dropping them here would lose what was committed while it connected.
        if (clients.isEmpty() && held.isEmpty()) {
            return;
        }
        Catalog cat = catalog.current();
        for (Committed c : events) {
            Event e = c.row();
            if (c.event() instanceof CatalogUpdated) {
                long seq = e.seq();
                out.execute(() -> {
                    String snap = Json.write(snapshot.get());
                    clients.forEach(client -> send(client, () -> client.sendEvent("snapshot", snap, Long.toString(seq))));
                });
                continue;
            }
            Map<String, Object> view = PublicView.of(cat, e, c.event());
            if (view == null) {
                continue;
            }
            String json = Json.write(view);
            out.execute(() -> clients.forEach(client -> send(client,
                    () -> client.sendEvent(e.type(), json, Long.toString(e.seq())))));
        }
    }

    private void send(SseClient c, Runnable write) {
        if (c.terminated()) {
            drop(c);
            return;
        }
        try {
            write.run();
        } catch (RuntimeException ex) {
            log.debug("live: a client went away: {}", ex.getMessage());
            drop(c);
        }
    }

    public int clients() {
        return clients.size();
    }

    /** Connections holding a slot, including those still getting their snapshot. */
    int held() {
        return slots.held();
    }

    @Override
    public void close() {
        clients.forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
        out.shutdownNow();
        try {
            out.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
