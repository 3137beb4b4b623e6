package org.hallqms.ticket;

import java.time.LocalDate;
import java.util.List;
import org.hallqms.counter.CounterRow;
import org.hallqms.event.CounterEvent;
import org.hallqms.event.Outcome;
import org.hallqms.event.TicketEvent;
import org.hallqms.event.Wire;
import org.hallqms.store.Tx;

/**
 * The events this package logs, each appended in the transaction of its change: the ticket's stored values
 * turned into the event records (whose codec writes the log's canonical JSON).
 */
final class TicketEvents {
    private TicketEvents() {
    }

    /** @param arrival a check-in's arrival wire value (on-time, early, late), else null */
    static void issued(Tx tx, Ticket t, String appointment, String arrival) {
        tx.append(new TicketEvent.Issued(t.id(), t.number(), t.service(),
                Wire.parse(TicketEvent.Channel.class, t.channel()), Wire.parse(TicketEvent.Priority.class, t.priority()),
                appointment, Wire.parse(TicketEvent.Arrival.class, arrival)));
    }

    static void called(Tx tx, Ticket t, CounterRow row) {
        tx.append(new TicketEvent.Called(t.id(), t.number(), t.service(), row.id(), row.officer()));
    }

    static void recalled(Tx tx, Ticket t, CounterRow row, int recall) {
        tx.append(new TicketEvent.Recalled(t.id(), t.number(), t.service(), row.id(), row.officer(), recall));
    }

    static void started(Tx tx, Ticket t, CounterRow row) {
        tx.append(new TicketEvent.Started(t.id(), t.number(), t.service(), row.id(), row.officer()));
    }

    static void finished(Tx tx, Ticket t, CounterRow row, String outcome, long serviceSeconds, List<String> missing,
                         String reason) {
        tx.append(new TicketEvent.Finished(t.id(), t.number(), t.service(), row.id(), row.officer(),
                Wire.parse(Outcome.class, outcome), serviceSeconds, missing, reason));
    }

    static void noShow(Tx tx, Ticket t, CounterRow row) {
        tx.append(new TicketEvent.NoShow(t.id(), t.number(), t.service(), row.id(), row.officer(), t.recalls()));
    }

    static void transferred(Tx tx, Ticket t, CounterRow row, String toService, String toCounter) {
        tx.append(new TicketEvent.Transferred(t.id(), t.number(), t.service(), row.id(), row.officer(), toService,
                toCounter));
    }

    static void expired(Tx tx, Ticket t) {
        tx.append(new TicketEvent.Expired(t.id(), t.number(), t.service(), LocalDate.parse(t.day()),
                Wire.parse(TicketEvent.Unfinished.class, t.state())));
    }

    /** A counter closed by the day roll (its officer logs in again in the morning). */
    static void counterClosedAtDayEnd(Tx tx, String counter, String officer) {
        tx.append(new CounterEvent.Closed(counter, officer, "end of day"));
    }
}
