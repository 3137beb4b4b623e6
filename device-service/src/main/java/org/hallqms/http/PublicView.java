package org.hallqms.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hallqms.catalog.Catalog;
import org.hallqms.display.Calls;
import org.hallqms.event.AlarmEvent;
import org.hallqms.event.CounterEvent;
import org.hallqms.event.DeviceEvent;
import org.hallqms.event.HallEvent;
import org.hallqms.event.RatingEvent;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;

/**
 * A committed event as a wall may show it on {@code /api/v1/live}: ticket numbers, services, windows; never a
 * rating's level or reasons, an officer, or anything about a citizen. Keys come in one order whatever the type
 * (number, service, counter, toService, toCounter, outcome, recall, kind, device, state), absent ones left out.
 */
final class PublicView {
    private PublicView() {
    }

    /** The event's view, or null for what the live updates do not carry (appointments, catalogue). */
    static Map<String, Object> of(Catalog cat, Event row, HallEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", row.seq());
        m.put("type", row.type());
        m.put("at", row.at());
        if (event instanceof TicketEvent t) {
            ticket(m, t);
            if (t instanceof TicketEvent.Called c) {
                call(m, cat, row, c.number(), c.counter(), 0);
            } else if (t instanceof TicketEvent.Recalled r) {
                call(m, cat, row, r.number(), r.counter(), r.recall());
            }
        } else if (event instanceof CounterEvent c) {
            put(m, "counter", c.counter());
        } else if (event instanceof RatingEvent r) {
            // the officer's console asks for the level with its session; the wall only learns that one came
            put(m, "number", r.number());
            put(m, "service", r.service());
            put(m, "counter", r.counter());
            if (r instanceof RatingEvent.Requested q) {
                put(m, "outcome", q.outcome() == null ? null : q.outcome().wire());
            }
            put(m, "device", r.device());
        } else if (event instanceof AlarmEvent a) {
            put(m, "number", a.number());
            if (a instanceof AlarmEvent.Raised raised) {
                put(m, "service", raised.service());
                put(m, "counter", raised.counter());
            }
            put(m, "kind", a.kind() == null ? null : a.kind().wire());
        } else if (event instanceof DeviceEvent d) {
            if (d instanceof DeviceEvent.StateChanged s) {
                put(m, "kind", s.kind());
                put(m, "device", s.device());
                put(m, "state", s.state() == null ? null : s.state().wire());
            } else {
                put(m, "device", d.device());
            }
        } else {
            return null;
        }
        return m;
    }

    private static void ticket(Map<String, Object> m, TicketEvent t) {
        put(m, "number", t.number());
        put(m, "service", t.service());
        if (t instanceof TicketEvent.Called c) {
            put(m, "counter", c.counter());
            m.put("recall", 0);
        } else if (t instanceof TicketEvent.Recalled r) {
            put(m, "counter", r.counter());
            m.put("recall", r.recall());
        } else if (t instanceof TicketEvent.Started s) {
            put(m, "counter", s.counter());
        } else if (t instanceof TicketEvent.Finished f) {
            put(m, "counter", f.counter());
            put(m, "outcome", f.outcome() == null ? null : f.outcome().wire());
        } else if (t instanceof TicketEvent.NoShow n) {
            put(m, "counter", n.counter());
        } else if (t instanceof TicketEvent.Transferred x) {
            put(m, "counter", x.counter());
            put(m, "toService", x.toService());
            put(m, "toCounter", x.toCounter());
        }
        // issued and expired: number and service only
    }

    /** A call also carries what the board says and plays: the window's name, the sentence, its audio. */
    private static void call(Map<String, Object> m, Catalog cat, Event row, String number, String counter, int recall) {
        if (counter == null) {
            return;
        }
        String counterName = cat.counter(counter).map(Catalog.CounterDef::name).orElse(counter + "号窗口");
        m.put("counterName", counterName);
        m.put("speech", Calls.speech(number == null ? "" : number, counterName, recall));
        m.put("audio", Calls.audioPath(row.id()));
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
