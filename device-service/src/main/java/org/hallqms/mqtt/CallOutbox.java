package org.hallqms.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog;
import org.hallqms.display.Calls;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.Meta;
import org.hallqms.store.Store;

/**
 * The {@code calls} topic, whose outbox is the event log itself: a stored cursor says which calls the broker has
 * acknowledged. Live calls are published from the committed events as they come; after a start, a reconnect or a
 * broker that went away, the calls after the cursor are read back from the log, in seq order. So none is lost or
 * doubled across broker outages, and a crash repeats at most the last pass's calls (same ids).
 */
final class CallOutbox {
    private static final String CURSOR = "calls_published_seq";
    /** One committed call or recall, as the calls message needs it. */
    record Call(long seq, String id, String at, String number, String service, String counter, int recall) {
    }

    private final Store store;
    private final MqttLink link;
    // Touched by the commit thread (add) and the display thread (publish): guarded by this.
    private final ArrayDeque<Call> live = new ArrayDeque<>();
    private boolean fromLog = true;
    private long cursor = -1;

    CallOutbox(Store store, MqttLink link) {
        this.store = store;
        this.link = link;
    }

    /** A call just committed. */
    synchronized void committed(Call c) {
        if (live.size() >= 1_000) {
            // The broker is away for long: the log has them all, read back when it returns.
            live.clear();
            fromLog = true;
        }
        live.add(c);
    }

    /** The next pass reads the log after the cursor (a reconnect: the broker may have missed some). */
    synchronized void fromLog() {
        fromLog = true;
    }

    synchronized boolean pending() {
        return fromLog || !live.isEmpty();
    }

    /**
     * Loads the cursor, before any new event can be committed. On the very first start it is set to the log's
     * head: the history before MQTT existed is not announced.
     */
    void start() {
        if (cursor >= 0) {
            return;
        }
        cursor = store.read(c -> Meta.get(c, CURSOR)).map(Long::parseLong).orElse(-1L);
        if (cursor < 0) {
            cursor = store.head().seq();
            saveCursor();
        }
    }

    /** Publishes what is due, each waiting for the broker's ack; on the display thread only. */
    void publish(Catalog cat) {
        long before = cursor;
        boolean read;
        synchronized (this) {
            read = fromLog;
            fromLog = false;
        }
        if (read && !publishLogged(cat)) {
            fromLog();
        }
        while (true) {
            Call next;
            synchronized (this) {
                next = live.poll();
            }
            if (next == null) {
                break;
            }
            if (next.seq() <= cursor) {
                continue; // already sent from the log
            }
            if (!send(cat, next)) {
                // The broker went away; the reconnect pass reads the log from here.
                fromLog();
                break;
            }
        }
        if (cursor != before) {
            // Last: a durable write; a crash before it repeats these calls once (same ids), never loses them.
            saveCursor();
        }
    }

    /** The calls after the cursor, from the log; false when the broker went away meanwhile. */
    private boolean publishLogged(Catalog cat) {
        while (true) {
            List<Event> due = store.read(c -> Calls.logged(c, cursor));
            if (due.isEmpty()) {
                return true;
            }
            for (Event e : due) {
                if (!send(cat, of(e))) {
                    return false;
                }
            }
        }
    }

    private boolean send(Catalog cat, Call call) {
        if (!link.publishAndWait(link.topics().calls(), message(cat, call), false, 5_000)) {
            return false;
        }
        cursor = call.seq();
        return true;
    }

    /** A logged call read back (after an outage or a crash), through the event codec. */
    static Call of(Event e) {
        HallEvent call = HallEvents.decode(e.type(), e.data());
        if (call instanceof TicketEvent.Recalled r) {
            return new Call(e.seq(), e.id(), e.at(), r.number(), r.service(), r.counter(), r.recall());
        }
        TicketEvent.Called c = (TicketEvent.Called) call;
        return new Call(e.seq(), e.id(), e.at(), c.number(), c.service(), c.counter(), 0);
    }

    private static byte[] message(Catalog cat, Call c) {
        String counterName = Calls.counterName(cat, c.counter());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("id", c.id());
        m.put("seq", c.seq());
        m.put("ticket", c.number());
        m.put("service", c.service());
        m.put("counter", c.counter());
        m.put("counterName", counterName);
        m.put("recall", c.recall());
        m.put("speech", Calls.speech(c.number(), counterName, c.recall()));
        m.put("audio", Calls.audioPath(c.id()));
        m.put("at", c.at());
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private void saveCursor() {
        long value = cursor;
        store.write(tx -> {
            Meta.put(tx, CURSOR, Long.toString(value));
            return null;
        });
    }
}
