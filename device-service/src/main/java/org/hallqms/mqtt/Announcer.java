package org.hallqms.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.hallqms.Threads;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.display.Board;
import org.hallqms.display.DeviceConfigs;
import org.hallqms.display.Screens;
import org.hallqms.event.AlarmEvent;
import org.hallqms.event.CatalogUpdated;
import org.hallqms.event.CounterEvent;
import org.hallqms.event.HallEvent;
import org.hallqms.event.RatingEvent;
import org.hallqms.event.TicketEvent;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Committed;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes, only after commits, what the displays must show. A window screen is published from the committed
 * events on the commit listener's thread, with no read and no hand-over: that is the call's path to the wall.
 * The rest (the calls outbox, evaluator sessions, the board, device configs, alarms) goes out on one display
 * thread, coalesced; every retained topic is published again on each (re)connect.
 */
public final class Announcer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final long BOARD_INTERVAL_NANOS = 250_000_000L;

    private final Store store;
    private final CatalogService catalog;
    private final MqttLink link;
    private final RatingService ratings;
    private final Topics topics;
    private final int ratingTimeoutSeconds;
    private final Screens screens = new Screens();
    private final CallOutbox calls;
    private volatile DeviceConfigs configs;
    // Devices whose retained config is out there, so a reload that drops a file can clear it.
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Threads.daemon("qms-displays"));
    private final ScheduledExecutorService delay =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-displays-delay"));
    private final Set<String> dirtyEvaluators = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirtyBoard = new AtomicBoolean();
    private final AtomicBoolean dirtyAlarms = new AtomicBoolean();
    private final AtomicBoolean everything = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean boardLater = new AtomicBoolean();
    private volatile Supplier<Map<String, Object>> alarms = () -> null;
    private long lastBoard = System.nanoTime() - BOARD_INTERVAL_NANOS;

    public Announcer(Store store, CatalogService catalog, MqttLink link, RatingService ratings, DeviceConfigs configs,
                     int ratingTimeoutSeconds) {
        this.store = store;
        this.catalog = catalog;
        this.link = link;
        this.ratings = ratings;
        this.configs = configs;
        this.ratingTimeoutSeconds = ratingTimeoutSeconds;
        this.topics = link.topics();
        this.calls = new CallOutbox(store, link);
        store.onCommitted(this::committed);
        link.onConnect(() -> {
            everything.set(true);
            calls.fromLog();
            trigger();
        });
    }

    /** New device files (a reload): every config, screen and the board are published again. */
    public void devices(DeviceConfigs next) {
        configs = next;
        everything.set(true);
        trigger();
    }

    public DeviceConfigs devices() {
        return configs;
    }

    /** Where the retained alarms list comes from; published on every alarm change and reconnect. */
    public void alarms(Supplier<Map<String, Object>> source) {
        this.alarms = source;
        dirtyAlarms.set(true);
        trigger();
    }

    /** Loads the screens and the calls cursor, before any new event can be committed. */
    public void start() {
        synchronized (screens) {
            store.read(c -> {
                screens.reloadAll(c, catalog.current());
                return null;
            });
        }
        calls.start();
    }

    /** On the store's commit thread, in log order. */
    private void committed(List<Committed> batch) {
        Set<String> changed = new LinkedHashSet<>();
        Set<String> reload = new LinkedHashSet<>();
        for (Committed c : batch) {
            HallEvent e = c.event();
            if (e instanceof TicketEvent || e instanceof CounterEvent || e instanceof CatalogUpdated) {
                dirtyBoard.set(true);
            }
            if (e instanceof CatalogUpdated || e instanceof TicketEvent.Expired) {
                everything.set(true);
            } else if (e instanceof AlarmEvent) {
                dirtyAlarms.set(true);
            } else if (e instanceof CounterEvent x) {
                reload.add(x.counter()); // opened, paused, closed, taken over: rare, read as stored
            } else if (e instanceof RatingEvent x) {
                dirtyEvaluators.add(x.device());
                if (x.counter() != null) {
                    changed.add(x.counter()); // the screen's seq moves with the log, as it always did
                }
            } else if (e instanceof TicketEvent t && !(e instanceof TicketEvent.Issued)) {
                // the busiest event, issued, names no counter: only the board changes
                synchronized (screens) {
                    ticket(c.row(), t, changed);
                }
            }
        }
        if (!reload.isEmpty()) {
            synchronized (screens) {
                store.read(c -> {
                    for (String counter : reload) {
                        screens.reload(c, counter);
                    }
                    return null;
                });
            }
            changed.addAll(reload);
        }
        // The window screen first, here and now: it is what the citizen at that window is watching.
        if (link.connected()) {
            Catalog cat = catalog.current();
            for (String counter : changed) {
                cat.counter(counter).ifPresent(def -> publishScreen(cat, def));
            }
        }
        trigger();
    }

    /** A ticket's move at a counter, into the screens model (under its lock) and the calls outbox. */
    private void ticket(Event row, TicketEvent t, Set<String> changed) {
        if (t instanceof TicketEvent.Called x) {
            screens.called(x.counter(), x.number(), x.service());
            calls.committed(new CallOutbox.Call(row.seq(), row.id(), row.at(), x.number(), x.service(), x.counter(), 0));
            changed.add(x.counter());
            if (LatencyTrace.ON) {
                LatencyTrace.mark(x.number(), LatencyTrace.LISTENER);
            }
        } else if (t instanceof TicketEvent.Recalled x) {
            screens.called(x.counter(), x.number(), x.service());
            calls.committed(new CallOutbox.Call(row.seq(), row.id(), row.at(), x.number(), x.service(), x.counter(),
                    x.recall()));
            changed.add(x.counter());
        } else if (t instanceof TicketEvent.Started x) {
            screens.started(x.counter(), x.number(), x.service());
            changed.add(x.counter());
        } else if (t instanceof TicketEvent.Finished x) {
            screens.cleared(x.counter());
            changed.add(x.counter());
        } else if (t instanceof TicketEvent.NoShow x) {
            screens.cleared(x.counter());
            changed.add(x.counter());
        } else if (t instanceof TicketEvent.Transferred x) {
            screens.cleared(x.counter());
            changed.add(x.counter());
            if (x.toCounter() != null) {
                changed.add(x.toCounter());
            }
        }
    }

    /**
     * One screen, as the model has it now. Under the model's lock, so two threads publishing the same screen send
     * them in the order the model changed: the retained message is always the latest.
     */
    private void publishScreen(Catalog cat, Catalog.CounterDef def) {
        synchronized (screens) {
            Map<String, Object> m = screens.payload(cat, def, configs, store.head().seq(), now());
            String traced = LatencyTrace.ON && "calling".equals(m.get("state")) ? (String) m.get("ticket") : null;
            link.publishTraced(topics.display(def.id()), bytes(m), true, traced);
        }
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
            synchronized (screens) {
                store.read(c -> {
                    screens.reloadAll(c, cat);
                    return null;
                });
            }
            cat.counters().forEach(def -> publishScreen(cat, def));
        }
        if (calls.pending()) {
            calls.publish(cat);
        }
        if (all) {
            cat.devices().stream().filter(d -> d.kind().equals("evaluator")).forEach(d -> dirtyEvaluators.add(d.id()));
            dirtyBoard.set(true);
            publishConfigs(cat);
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
        publishBoard(cat);
    }

    private void publishConfigs(Catalog cat) {
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

    private void publishBoard(Catalog cat) {
        long now = System.nanoTime();
        if (!dirtyBoard.get()) {
            return;
        }
        if (now - lastBoard >= BOARD_INTERVAL_NANOS) {
            dirtyBoard.set(false);
            lastBoard = now;
            link.publish(topics.board(), bytes(Board.payload(store, cat, configs, now())), true);
        } else if (boardLater.compareAndSet(false, true)) {
            // A busy kiosk would otherwise recount the queue on every commit; people read 4 updates a second.
            delay.schedule(() -> {
                boardLater.set(false);
                trigger();
            }, BOARD_INTERVAL_NANOS - (now - lastBoard), TimeUnit.NANOSECONDS);
        }
    }

    /** What the main board shows now (the retained board message), for the browser board's first view. */
    public Map<String, Object> board() {
        return Board.payload(store, catalog.current(), configs, now());
    }

    private String now() {
        return OffsetDateTime.now(store.clock().withZone(store.zone())).truncatedTo(ChronoUnit.MILLIS).toString();
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
