package org.hallqms.ticket;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.catalog.CatalogService;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.hallqms.ticket.TicketEngine.IssueRequest;
import org.hallqms.ticket.TicketEngine.Issued;
import org.hallqms.ticket.TicketEngine.Status;

/**
 * Where a ticket is born: a kiosk press, a button, staff, or a check-in by appointment code, under the
 * {@link ServicePolicy}; and, for the status page, where a ticket stands in its queue.
 */
final class Issuing {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final Store store;
    private final CatalogService catalog;
    private final Appointments appointments;
    private final DayRoll dayRoll;
    private final WaitEstimator estimator;
    private final WaitingLine line;

    Issuing(Store store, CatalogService catalog, Appointments appointments, DayRoll dayRoll, WaitEstimator estimator,
            WaitingLine line) {
        this.store = store;
        this.catalog = catalog;
        this.appointments = appointments;
        this.dayRoll = dayRoll;
        this.estimator = estimator;
        this.line = line;
    }

    Issued issue(IssueRequest r) {
        Catalog cat = catalog.current();
        if (r.appointment() != null) {
            dayRoll.rollDay();
            return complete(cat, store.write(tx -> checkIn(tx, cat, r)));
        }
        ServiceType st = cat.service(r.service())
                .orElseThrow(() -> Problem.UNKNOWN_SERVICE.exception("no service '" + r.service() + "'"));
        Priority priority = st.greenChannel() ? Priority.GREEN : Priority.NORMAL;
        dayRoll.rollDay();
        return complete(cat, store.write(tx -> {
            Connection c = tx.connection();
            Optional<Ticket> prior = Tickets.byRequest(c, r.requestId());
            if (prior.isPresent()) {
                return new Made(prior.get(), false, null);
            }
            ServicePolicy.requireOpen(st, tx.now());
            ServicePolicy.requireRoomForTicket(c, st, tx.day().toString(), 0);
            int number = Tickets.lastNumber(c, tx.day().toString(), st.code()) + 1;
            Ticket t = insert(tx, st, number, r.requestId(), r.channel(), priority, null, null);
            return new Made(t, true, null);
        }));
    }

    /** What the write made; the place in the queue and the wait are worked out after the commit. */
    private record Made(Ticket ticket, boolean created, Map<String, Object> appointment) {
    }

    /**
     * People ahead and the estimated wait, read after the commit on a read connection: the single writer is
     * the hall's bottleneck, and playing the queue forward would hold it for every press.
     */
    private Issued complete(Catalog cat, Made m) {
        return store.read(c -> issued(c, cat, m.ticket(), m.created(), m.appointment()));
    }

    /**
     * Within the check-in window: an appointment-class ticket, whatever the hours or the cap (the booking held
     * its place). Outside it: a normal ticket under the normal rules, or a refusal, as configured.
     */
    private Made checkIn(Tx tx, Catalog cat, IssueRequest r) throws SQLException {
        Connection c = tx.connection();
        Optional<Ticket> prior = Tickets.byRequest(c, r.requestId());
        if (prior.isPresent()) {
            return new Made(prior.get(), false, null);
        }
        Appointments.Appointment a = Appointments.byCode(c, r.appointment()).orElseThrow(() ->
                Problem.UNKNOWN_APPOINTMENT.exception("no appointment with code '" + r.appointment()
                        + "'; check the code in the booking message"));
        if (r.service() != null && !r.service().equals(a.service())) {
            throw Problem.INVALID_REQUEST.exception("service: appointment " + a.code() + " is for '" + a.service() + "'");
        }
        if (a.state().equals("checked_in")) {
            String number = Tickets.byId(c, a.ticket()).map(Ticket::number).orElse(a.ticket());
            throw new QmsException(Problem.APPOINTMENT_USED, "appointment " + a.code() + " was checked in already: "
                    + "ticket " + number, Map.of("ticket", number));
        }
        if (a.state().equals("cancelled")) {
            throw Problem.APPOINTMENT_CANCELLED.exception("appointment " + a.code() + " was cancelled");
        }
        ServiceType st = cat.service(a.service()).orElseThrow(() -> Problem.UNKNOWN_SERVICE.exception(
                "appointment " + a.code() + " is for '" + a.service() + "', which this hall no longer offers"));
        OffsetDateTime now = tx.now();
        Appointments.Arrival arrival = appointments.arrival(a, now);
        Priority priority;
        if (arrival == Appointments.Arrival.ON_TIME) {
            priority = st.greenChannel() ? Priority.GREEN : Priority.APPOINTMENT;
        } else if (!appointments.rules().normalTicketOutside()) {
            throw appointments.outside(a, arrival);
        } else {
            priority = st.greenChannel() ? Priority.GREEN : Priority.NORMAL;
            ServicePolicy.requireOpen(st, now);
            // its own booking no longer holds a place once it turns into this ticket
            ServicePolicy.requireRoomForTicket(c, st, tx.day().toString(),
                    a.state().equals("booked") && a.day().equals(tx.day().toString()) ? 1 : 0);
        }
        String channel = arrival == Appointments.Arrival.ON_TIME ? "appointment" : "kiosk";
        int number = Tickets.lastNumber(c, tx.day().toString(), st.code()) + 1;
        Ticket t = insert(tx, st, number, r.requestId(), channel, priority, a.code(), arrival.wire());
        Appointments.checkedIn(tx, a, t.id(), arrival);
        return new Made(t, true, appointments.describe(a, arrival));
    }

    private Ticket insert(Tx tx, ServiceType st, int number, String requestId, String channel, Priority priority,
                          String appointment, String arrival) throws SQLException {
        if (number > 999) {
            throw Problem.SERVICE_FULL.exception(st.name().zh() + " has issued its 999 numbers for today");
        }
        Ticket t = Ticket.builder()
                .id(newId())
                .number(label(st.prefix(), number))
                .service(st.code())
                .originService(st.code())
                .day(tx.day().toString())
                .channel(channel)
                .priority(priority)
                .state(TicketState.WAITING)
                .issuedAt(tx.now().toString())
                .build();
        long pos = Tickets.insert(tx.connection(), t, number, requestId, appointment);
        t = t.toBuilder().pos(pos).build();
        int rank = t.rank();
        String day = t.day();
        tx.afterCommit(() -> line.joined(day, st.code(), rank, pos));
        TicketEvents.issued(tx, t, appointment, arrival);
        return t;
    }

    /** A001: the prefix and three digits (String.format was about one percent of a press's CPU). */
    static String label(String prefix, int number) {
        String digits = Integer.toString(number);
        return prefix + "000".substring(digits.length()) + digits;
    }

    Optional<Status> status(String id) {
        Catalog cat = catalog.current();
        return store.read(c -> {
            Optional<Ticket> t = Tickets.byId(c, id);
            if (t.isEmpty()) {
                return Optional.empty();
            }
            Issued i = issued(c, cat, t.get(), false, null);
            return Optional.of(new Status(t.get(), i.ahead(), i.estimatedWaitMinutes()));
        });
    }

    private Issued issued(Connection c, Catalog cat, Ticket t, boolean created, Map<String, Object> appointment)
            throws SQLException {
        ServiceType st = cat.service(t.service()).orElse(null);
        boolean waiting = t.ticketState() == TicketState.WAITING;
        int ahead = waiting ? line.ahead(c, t.day(), t.service(), t.rank(), t.pos()) : 0;
        int estimate = st == null || !waiting ? 0 : estimator.minutes(c, cat, t.day(), st, t.rank(), ahead, created,
                t.pos(), OffsetDateTime.now(store.clock().withZone(store.zone())));
        return new Issued(t, ahead, estimate, st == null ? List.of() : st.materials(), created, appointment);
    }

    /**
     * Seven characters that grow with the event log, then six random ones: new ids land at the end of the id
     * index (few pages written per commit, which the SD card feels), yet cannot be guessed from a neighbour's.
     */
    private String newId() {
        long seq = store.head().seq() + 1;
        char[] out = new char[13];
        for (int i = 6; i >= 0; i--) {
            out[i] = ID_CHARS[(int) (seq & 31)];
            seq >>>= 5;
        }
        for (int i = 7; i < out.length; i++) {
            out[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return new String(out);
    }
}
