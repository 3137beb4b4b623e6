package org.hallqms.display;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hallqms.catalog.Catalog;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.ticket.Ticket;
import org.hallqms.ticket.TicketQueries;

/**
 * What each window screen shows, kept from the committed events so a call reaches its screen without a read:
 * a call, start or end of a ticket changes the screen directly; the rarer counter changes (pause, close, take
 * over, transfer, the day roll) reload that counter from the store. Changed only on the commit listener's thread,
 * in log order; read from any thread.
 */
public final class Screens {
    /**
     * One counter's screen.
     *
     * @param counter     the counter row's state: open, paused or closed
     * @param ticketState called or serving while a ticket is in hand, else null
     */
    public record Screen(String counter, String reason, String number, String ticketState, String service) {
        Screen withTicket(String n, String state, String s) {
            return new Screen(counter, reason, n, state, s);
        }
    }

    private static final Screen CLOSED = new Screen("closed", null, null, null, null);
    // A counter not read yet that calls someone is open: nothing else calls.
    private static final Screen OPEN = new Screen("open", null, null, null, null);
    private final Map<String, Screen> screens = new ConcurrentHashMap<>();

    /** A ticket called or recalled to {@code counter}. */
    public void called(String counter, String number, String service) {
        screens.compute(counter, (k, s) -> (s == null ? OPEN : s).withTicket(number, "called", service));
    }

    /** The counter's ticket is being served. */
    public void started(String counter, String number, String service) {
        screens.compute(counter, (k, s) -> (s == null ? OPEN : s).withTicket(number, "serving", service));
    }

    /** The counter's ticket is done with: finished, no-show or sent elsewhere. */
    public void cleared(String counter) {
        screens.compute(counter, (k, s) -> (s == null ? OPEN : s).withTicket(null, null, null));
    }

    /** Reads one counter as stored (after a counter event, and for every counter at start or on a reload). */
    public void reload(Connection c, String counter) throws SQLException {
        Optional<CounterRow> row = CounterDesk.row(c, counter);
        if (row.isEmpty()) {
            screens.remove(counter);
            return;
        }
        String number = null;
        String state = null;
        String service = null;
        if (row.get().ticket() != null) {
            // off the call's path: a reload at start or after a device comes back
            Optional<Ticket> t = TicketQueries.byId(c, row.get().ticket());
            if (t.isPresent()) {
                number = t.get().number();
                state = t.get().state();
                service = t.get().service();
            }
        }
        screens.put(counter, new Screen(row.get().state(), row.get().reason(), number, state, service));
    }

    /** Every counter of the catalogue, as stored. */
    public void reloadAll(Connection c, Catalog cat) throws SQLException {
        for (Catalog.CounterDef def : cat.counters()) {
            reload(c, def.id());
        }
    }

    /**
     * The retained {@code counters/{counter}/display} payload (MQTT contract v1).
     *
     * @param seq the log position this screen reflects
     * @param at  now, ISO-8601 with offset
     */
    public Map<String, Object> payload(Catalog cat, Catalog.CounterDef def, DeviceConfigs configs, long seq, String at) {
        Screen s = screens.getOrDefault(def.id(), CLOSED);
        String number = s.number();
        String name = Calls.counterName(cat, def.id());
        String state;
        String text;
        if (s.counter().equals("closed")) {
            state = "closed";
            text = name + " 暂停服务";
        } else if (s.counter().equals("paused") && number == null) {
            state = "paused";
            text = "暂停服务" + (s.reason() == null ? "" : "：" + s.reason());
        } else if ("called".equals(s.ticketState())) {
            state = "calling";
            text = Calls.speech(number, name, 0);
        } else if ("serving".equals(s.ticketState())) {
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
        String service = s.service();
        String serviceName = service == null ? null : cat.service(service).map(x -> x.name().zh()).orElse(service);
        if (service != null) {
            m.put("service", service);
            m.put("serviceName", serviceName);
        }
        // The rows of this counter's screen, from its file's template: the firmware only draws them.
        configs.screen(def.id()).ifPresent(d -> m.put("lines", ScreenLines.screen(d, state, number, name, serviceName)));
        m.put("seq", seq);
        m.put("at", at);
        return m;
    }
}
