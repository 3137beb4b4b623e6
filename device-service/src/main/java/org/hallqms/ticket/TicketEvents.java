package org.hallqms.ticket;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.counter.CounterRow;
import org.hallqms.store.Tx;

/**
 * The events this package logs, each appended in the transaction of its change. Field order is the log's
 * canonical JSON: hash chains of existing halls depend on it, so it must not change.
 */
final class TicketEvents {
    private TicketEvents() {
    }

    static void issued(Tx tx, Ticket t, String appointment, String arrival) {
        Map<String, Object> data = ticketData(t);
        data.put("channel", t.channel());
        data.put("priority", t.priority());
        if (appointment != null) {
            data.put("appointment", appointment);
            data.put("arrival", arrival);
        }
        tx.append("ticket.issued", data);
    }

    static void called(Tx tx, Ticket t, CounterRow row) {
        Map<String, Object> data = counterData(t, row);
        data.put("recall", 0);
        tx.append("ticket.called", data);
    }

    static void recalled(Tx tx, Ticket t, CounterRow row, int recall) {
        Map<String, Object> data = counterData(t, row);
        data.put("recall", recall);
        tx.append("ticket.recalled", data);
    }

    static void started(Tx tx, Ticket t, CounterRow row) {
        tx.append("ticket.started", counterData(t, row));
    }

    static void finished(Tx tx, Ticket t, CounterRow row, String outcome, long serviceSeconds, List<String> missing,
                         String reason) {
        Map<String, Object> data = counterData(t, row);
        data.put("outcome", outcome);
        data.put("serviceSeconds", serviceSeconds);
        if (missing != null && !missing.isEmpty()) {
            data.put("missing", missing);
        }
        if (reason != null) {
            data.put("reason", reason);
        }
        tx.append("ticket.finished", data);
    }

    static void noShow(Tx tx, Ticket t, CounterRow row) {
        Map<String, Object> data = counterData(t, row);
        data.put("recalls", t.recalls());
        tx.append("ticket.no_show", data);
    }

    static void transferred(Tx tx, Ticket t, CounterRow row, String toService, String toCounter) {
        Map<String, Object> data = counterData(t, row);
        data.put("toService", toService);
        if (toCounter != null) {
            data.put("toCounter", toCounter);
        }
        tx.append("ticket.transferred", data);
    }

    static void expired(Tx tx, Ticket t) {
        Map<String, Object> data = ticketData(t);
        data.put("day", t.day());
        data.put("from", t.state());
        tx.append("ticket.expired", data);
    }

    /** A counter closed by the day roll (its officer logs in again in the morning). */
    static void counterClosedAtDayEnd(Tx tx, String counter, String officer) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("counter", counter);
        data.put("officer", officer);
        data.put("reason", "end of day");
        tx.append("counter.closed", data);
    }

    private static Map<String, Object> ticketData(Ticket t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ticket", t.id());
        m.put("number", t.number());
        m.put("service", t.service());
        return m;
    }

    private static Map<String, Object> counterData(Ticket t, CounterRow row) {
        Map<String, Object> m = ticketData(t);
        m.put("counter", row.id());
        m.put("officer", row.officer());
        return m;
    }
}
