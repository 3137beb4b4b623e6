package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.hallqms.counter.CounterDesk;
import org.hallqms.store.Meta;
import org.hallqms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change of business day: at the first write of a new day, yesterday's unfinished tickets expire and
 * every counter is closed (officers log in again each morning). The day rolled to is kept in {@code meta}.
 */
final class DayRoll {
    private static final Logger log = LoggerFactory.getLogger(DayRoll.class);
    private static final String KEY = "rolled_day";

    private final Store store;
    private volatile LocalDate rolledDay = LocalDate.MIN;

    DayRoll(Store store) {
        this.store = store;
    }

    /** Loads the day already rolled to. */
    void load(Connection c) throws SQLException {
        String day = rolledDay(c);
        if (day != null) {
            rolledDay = LocalDate.parse(day);
        }
    }

    /** Safe to call often (before every write of the engine); it writes only once per day. */
    void rollDay() {
        LocalDate today = store.today();
        if (!today.isAfter(rolledDay)) {
            return;
        }
        store.write(tx -> {
            Connection c = tx.connection();
            String day = tx.day().toString();
            String rolled = rolledDay(c);
            if (rolled != null && rolled.compareTo(day) >= 0) {
                return null;
            }
            List<Ticket> stale = Tickets.staleBefore(c, day);
            for (Ticket t : stale) {
                TicketState.require(t, TicketState.Move.EXPIRE);
                Tickets.expired(c, t.id());
                TicketEvents.expired(tx, t);
            }
            for (var e : CounterDesk.closeAll(c).entrySet()) {
                TicketEvents.counterClosedAtDayEnd(tx, e.getKey(), e.getValue());
            }
            Meta.put(tx, KEY, day);
            if (!stale.isEmpty()) {
                log.info("ticket: business day {} began; {} unfinished tickets of earlier days expired", day, stale.size());
            }
            return null;
        });
        rolledDay = today;
    }

    private static String rolledDay(Connection c) throws SQLException {
        return Meta.get(c, KEY).orElse(null);
    }
}
