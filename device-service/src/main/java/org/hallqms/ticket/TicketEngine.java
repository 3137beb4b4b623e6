package org.hallqms.ticket;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.CounterDef;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Issues tickets and moves them through a counter's cycle. Every change is one write with its event. */
public final class TicketEngine {
    private static final Logger log = LoggerFactory.getLogger(TicketEngine.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final Store store;
    private final CatalogService catalog;
    private final CounterDesk desk;
    private final Appointments appointments;
    private final int priorityRun;
    private final int maxRecalls;
    private final ServiceTimes times = new ServiceTimes();
    private final WaitEstimator estimator;
    private volatile LocalDate rolledDay = LocalDate.MIN;

    public TicketEngine(Store store, CatalogService catalog, CounterDesk desk, Appointments appointments,
                        int priorityRun, int maxRecalls) {
        this.store = store;
        this.appointments = appointments;
        this.estimator = new WaitEstimator(times, store.clock());
        this.catalog = catalog;
        this.desk = desk;
        this.priorityRun = priorityRun;
        this.maxRecalls = maxRecalls;
        catalog.addHook(this::checkCatalog);
    }

    /** Loads the day already rolled to and recent service times; expires a past day's tickets. */
    public void start() {
        store.read(c -> {
            try (var s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'rolled_day'")) {
                    if (rs.next()) {
                        rolledDay = LocalDate.parse(rs.getString(1));
                    }
                }
                // a window is busy from the call to the finish: that is the time the next citizen waits for
                try (ResultSet rs = s.executeQuery("SELECT service, called_at, finished_at FROM (SELECT service, "
                        + "called_at, finished_at, pos FROM tickets WHERE service_seconds IS NOT NULL AND called_at IS NOT "
                        + "NULL ORDER BY pos DESC LIMIT 500) ORDER BY pos")) {
                    while (rs.next()) {
                        times.add(rs.getString(1), (int) seconds(rs.getString(2), OffsetDateTime.parse(rs.getString(3))));
                    }
                }
            }
            return null;
        });
        rollDay();
    }

    // ---- issuing ----

    /**
     * A kiosk press, button press or staff issue; with {@code appointment}, a check-in by the booking's code
     * ({@code service} may then be null).
     */
    public record IssueRequest(String service, String requestId, String channel, String appointment) {
    }

    /**
     * @param created     false when the request id had been seen and the first ticket is returned
     * @param appointment for a check-in: the booking, the arrival and what to tell the citizen; else null
     */
    public record Issued(Ticket ticket, int ahead, int estimatedWaitMinutes, List<String> materials,
                         boolean created, Map<String, Object> appointment) {
    }

    public Issued issue(IssueRequest r) {
        Catalog cat = catalog.current();
        if (r.appointment() != null) {
            rollDay();
            return complete(cat, store.write(tx -> checkIn(tx, cat, r)));
        }
        ServiceType st = cat.service(r.service())
                .orElseThrow(() -> Problem.UNKNOWN_SERVICE.exception("no service '" + r.service() + "'"));
        Priority priority = st.greenChannel() ? Priority.GREEN : Priority.NORMAL;
        rollDay();
        return complete(cat, store.write(tx -> {
            Connection c = tx.connection();
            Optional<Ticket> prior = Tickets.byRequest(c, r.requestId());
            if (prior.isPresent()) {
                return new Made(prior.get(), false, null);
            }
            requireOpen(st, tx.now());
            int[] issuedAndLast = Tickets.issuedAndLast(c, tx.day().toString(), st.code());
            requireRoom(c, st, tx.day().toString(), issuedAndLast[0], 0);
            Ticket t = insert(tx, st, issuedAndLast[1] + 1, r.requestId(), r.channel(), priority, null, null);
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
        int[] issuedAndLast = Tickets.issuedAndLast(c, tx.day().toString(), st.code());
        Priority priority;
        if (arrival == Appointments.Arrival.ON_TIME) {
            priority = st.greenChannel() ? Priority.GREEN : Priority.APPOINTMENT;
        } else if (!appointments.rules().normalTicketOutside()) {
            throw appointments.outside(a, arrival);
        } else {
            priority = st.greenChannel() ? Priority.GREEN : Priority.NORMAL;
            requireOpen(st, now);
            // its own booking no longer holds a place once it turns into this ticket
            requireRoom(c, st, tx.day().toString(), issuedAndLast[0],
                    a.state().equals("booked") && a.day().equals(tx.day().toString()) ? 1 : 0);
        }
        String channel = arrival == Appointments.Arrival.ON_TIME ? "appointment" : "kiosk";
        Ticket t = insert(tx, st, issuedAndLast[1] + 1, r.requestId(), channel, priority, a.code(), arrival.wire());
        Appointments.checkedIn(tx, a, t.id(), arrival);
        return new Made(t, true, appointments.describe(a, arrival));
    }

    private static void requireOpen(ServiceType st, OffsetDateTime now) {
        if (!openAt(st, now.toLocalTime())) {
            throw new QmsException(Problem.SERVICE_CLOSED, st.name().zh() + " takes tickets only "
                    + hoursText(st), Map.of("hours", st.hours()));
        }
    }

    /**
     * The daily cap counts the {@code issued} tickets and the bookings still to come ({@code own} of them
     * excepted). Without a cap nothing is read: this is on every press.
     */
    private static void requireRoom(Connection c, ServiceType st, String day, int issued, int own) throws SQLException {
        if (st.dailyCap() == 0) {
            return;
        }
        int held = Appointments.outstanding(c, day, st.code()) - own;
        if (issued + held >= st.dailyCap()) {
            throw new QmsException(Problem.SERVICE_FULL, st.name().zh() + " has issued its " + st.dailyCap()
                    + " tickets for today" + (held > 0 ? " (" + held + " of them booked by appointment)" : ""),
                    Map.of("appointmentsHeld", held));
        }
    }

    private Ticket insert(Tx tx, ServiceType st, int number, String requestId, String channel, Priority priority,
                          String appointment, String arrival) throws SQLException {
        Connection c = tx.connection();
        String day = tx.day().toString();
        OffsetDateTime now = tx.now();
        if (number > 999) {
            throw Problem.SERVICE_FULL.exception(st.name().zh() + " has issued its 999 numbers for today");
        }
        String id = newId();
        String label = st.prefix() + String.format("%03d", number);
        Tickets.update(c, "INSERT INTO tickets(id, day, service, origin_service, number, label, channel, priority, "
                        + "rank, state, request_id, appointment, issued_at) VALUES (?,?,?,?,?,?,?,?,?,'waiting',?,?,?)",
                id, day, st.code(), st.code(), number, label, channel, priority.wire(), priority.rank(),
                requestId, appointment, now.toString());
        long pos = Tickets.lastPos(c);
        Ticket t = new Ticket(id, label, st.code(), st.code(), day, channel, priority.wire(), "waiting", null,
                null, null, 0, now.toString(), null, null, null, null, null, pos, priority.rank());
        Map<String, Object> data = ticketData(t);
        data.put("channel", t.channel());
        data.put("priority", t.priority());
        if (appointment != null) {
            data.put("appointment", appointment);
            data.put("arrival", arrival);
        }
        tx.append("ticket.issued", data);
        return t;
    }

    private Issued issued(Connection c, Catalog cat, Ticket t, boolean created, Map<String, Object> appointment)
            throws SQLException {
        ServiceType st = cat.service(t.service()).orElse(null);
        boolean waiting = t.state().equals("waiting");
        int ahead = waiting ? Tickets.ahead(c, t.day(), t.service(), t.rank(), t.pos()) : 0;
        int estimate = st == null || !waiting ? 0 : estimator.minutes(c, cat, t.day(), st, t.rank(), ahead, created,
                t.pos(), OffsetDateTime.now(store.clock().withZone(store.zone())));
        return new Issued(t, ahead, estimate, st == null ? List.of() : st.materials(), created, appointment);
    }

    static boolean openAt(ServiceType st, LocalTime t) {
        if (st.hours().isEmpty()) {
            return true;
        }
        for (List<String> h : st.hours()) {
            LocalTime from = LocalTime.parse(h.get(0));
            LocalTime to = h.get(1).equals("24:00") ? LocalTime.MAX : LocalTime.parse(h.get(1));
            if (!t.isBefore(from) && t.isBefore(to)) {
                return true;
            }
        }
        return false;
    }

    private static String hoursText(ServiceType st) {
        List<String> parts = new ArrayList<>();
        st.hours().forEach(h -> parts.add(h.get(0) + "–" + h.get(1)));
        return String.join(", ", parts);
    }

    /** A ticket with its place in the queue, for the status page. */
    public record Status(Ticket ticket, int ahead, int estimatedWaitMinutes) {
    }

    public Optional<Status> status(String id) {
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

    // ---- counter actions ----

    @FunctionalInterface
    private interface Action {
        CounterView.Notice apply(Tx tx, Catalog cat, CounterDef def, CounterRow row) throws SQLException;
    }

    /** Something else to do in the same transaction as a counter action (a device's ack, say). */
    @FunctionalInterface
    public interface Also {
        void apply(Tx tx, CounterView result) throws SQLException;
    }

    /** Runs inside the finishing transaction, e.g. to open a rating session. */
    @FunctionalInterface
    public interface FinishHook {
        void onFinish(Tx tx, Ticket ticket, CounterRow counter, String outcome) throws SQLException;
    }

    private final List<FinishHook> finishHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void addFinishHook(FinishHook hook) {
        finishHooks.add(hook);
    }

    @FunctionalInterface
    private interface Authorizer {
        CounterRow authorize(Tx tx) throws SQLException;
    }

    private CounterView act(String counter, String token, Action action) {
        return act(counter, tx -> desk.authorize(tx, counter, token), action, null);
    }

    private CounterView act(String counter, Authorizer auth, Action action, Also also) {
        Catalog cat = catalog.current();
        CounterDef def = cat.counter(counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        rollDay();
        return store.write(tx -> {
            CounterRow row = auth.authorize(tx);
            CounterView.Notice notice = action.apply(tx, cat, def, row);
            CounterView v = view(tx.connection(), cat, def, tx.day().toString(), notice);
            if (also != null) {
                also.apply(tx, v);
            }
            return v;
        });
    }

    /**
     * A caller keypad's command: the same action and rules as the console, on behalf of the officer logged in
     * at the keypad's counter. {@code also} runs in the same transaction.
     */
    public CounterView keypad(String counter, String command, Also also) {
        Authorizer auth = tx -> desk.requireSession(tx, counter);
        return switch (command) {
            case "next" -> act(counter, auth, this::callNextAction, also);
            case "recall" -> act(counter, auth, this::recallAction, also);
            case "start" -> act(counter, auth, this::startAction, also);
            case "finish" -> act(counter, auth, finishAction("done", null, null, null), also);
            case "no-show" -> act(counter, auth, this::noShowAction, also);
            case "pause" -> act(counter, auth, (tx, cat, def, row) -> {
                desk.pause(tx, row, "按键暂停");
                return null;
            }, also);
            case "resume" -> act(counter, auth, (tx, cat, def, row) -> {
                desk.resume(tx, row);
                return null;
            }, also);
            default -> throw Problem.INVALID_REQUEST.exception("action: unknown '" + command + "'");
        };
    }

    public CounterView callNext(String counter, String token) {
        return act(counter, token, this::callNextAction);
    }

    private CounterView.Notice callNextAction(Tx tx, Catalog cat, CounterDef def, CounterRow row) throws SQLException {
        String counter = row.id();
        requireFree(row, true);
        Connection c = tx.connection();
        String day = tx.day().toString();
        List<String> services = cat.servicesOf(def);
        Optional<Ticket> next = Optional.empty();
        if (row.priorityRun() >= priorityRun) {
            // Fairness: after a run of priority calls the oldest normal ticket goes first.
            next = Tickets.next(c, day, counter, services, true);
        }
        if (next.isEmpty()) {
            next = Tickets.next(c, day, counter, services, false);
        }
        Ticket t = next.orElseThrow(() -> Problem.QUEUE_EMPTY.exception("nobody is waiting for counter " + counter));
        int run = t.targetCounter() != null ? row.priorityRun() : t.rank() > 0 ? row.priorityRun() + 1 : 0;
        call(tx, row, t, run);
        return null;
    }

    /** Calls a given ticket (by id or number such as A012): out of order, or a no-show who came back. */
    public CounterView call(String counter, String token, String ref) {
        return act(counter, token, (tx, cat, def, row) -> {
            requireFree(row, true);
            Ticket t = find(tx.connection(), tx.day().toString(), ref);
            if (!t.state().equals("waiting") && !t.state().equals("no_show")) {
                throw stateError(t, "call");
            }
            call(tx, row, t, row.priorityRun());
            return null;
        });
    }

    private void call(Tx tx, CounterRow row, Ticket t, int run) throws SQLException {
        Connection c = tx.connection();
        OffsetDateTime now = tx.now();
        Tickets.update(c, "UPDATE tickets SET state = 'called', counter = ?, officer = ?, target_counter = NULL, "
                        + "recalls = 0, called_at = ?, wait_seconds = COALESCE(wait_seconds, ?) WHERE id = ?",
                row.id(), row.officer(), now.toString(), seconds(t.issuedAt(), now), t.id());
        CounterDesk.setTicket(c, row.id(), t.id(), run);
        Map<String, Object> data = ticketData(t);
        data.put("counter", row.id());
        data.put("officer", row.officer());
        data.put("recall", 0);
        tx.append("ticket.called", data);
    }

    public CounterView recall(String counter, String token) {
        return act(counter, token, this::recallAction);
    }

    private CounterView.Notice recallAction(Tx tx, Catalog cat, CounterDef def, CounterRow row) throws SQLException {
        Ticket t = current(tx.connection(), row, "recall", "called");
        if (t.recalls() >= maxRecalls) {
            throw Problem.RECALL_LIMIT.exception(t.number() + " has been recalled " + t.recalls()
                    + " times; start it or mark it as a no-show");
        }
        Tickets.update(tx.connection(), "UPDATE tickets SET recalls = recalls + 1 WHERE id = ?", t.id());
        Map<String, Object> data = ticketData(t);
        data.put("counter", row.id());
        data.put("officer", row.officer());
        data.put("recall", t.recalls() + 1);
        tx.append("ticket.recalled", data);
        return null;
    }

    public CounterView start(String counter, String token) {
        return act(counter, token, this::startAction);
    }

    private CounterView.Notice startAction(Tx tx, Catalog cat, CounterDef def, CounterRow row) throws SQLException {
        Ticket t = current(tx.connection(), row, "start", "called");
        Tickets.update(tx.connection(), "UPDATE tickets SET state = 'serving', started_at = ? WHERE id = ?",
                tx.now().toString(), t.id());
        tx.append("ticket.started", counterData(t, row));
        return null;
    }

    /**
     * Finishes the current ticket. {@code incomplete} needs a reason from the catalogue's 办不成事 list, or the
     * missing materials (reason {@code missing-material}), and answers with the 告知单 (one-time notification).
     */
    public CounterView finish(String counter, String token, String outcome, List<String> missing, String reason,
                              String note) {
        if (!outcome.equals("done") && !outcome.equals("incomplete")) {
            throw Problem.INVALID_REQUEST.exception("outcome: must be 'done' or 'incomplete'");
        }
        boolean hasMissing = missing != null && !missing.isEmpty();
        if (outcome.equals("done")) {
            if (hasMissing || reason != null) {
                throw Problem.INVALID_REQUEST.exception("missing and reason: only an incomplete finish has them");
            }
            return act(counter, token, finishAction("done", null, null, note));
        }
        Catalog cat = catalog.current();
        String why = reason != null ? reason : hasMissing ? Catalog.MISSING_MATERIAL : null;
        if (why == null) {
            throw Problem.INVALID_REQUEST.exception("missing: an incomplete finish must name the missing materials, "
                    + "or give a reason (" + reasonCodes(cat) + ")");
        }
        if (cat.incompleteReason(why).isEmpty()) {
            throw Problem.INVALID_REQUEST.exception("reason: '" + why + "' is not one of " + reasonCodes(cat));
        }
        if (why.equals(Catalog.MISSING_MATERIAL) && !hasMissing) {
            throw Problem.INVALID_REQUEST.exception("missing: reason 'missing-material' must name the missing materials");
        }
        return act(counter, token, finishAction(outcome, hasMissing ? List.copyOf(missing) : List.of(), why, note));
    }

    private static String reasonCodes(Catalog cat) {
        return String.join(", ", cat.incompleteReasons().stream().map(Catalog.Reason::code).toList());
    }

    private Action finishAction(String outcome, List<String> miss, String reason, String note) {
        return (tx, cat, def, row) -> {
            Ticket t = current(tx.connection(), row, "finish", "called", "serving");
            OffsetDateTime now = tx.now();
            long secs = seconds(t.startedAt() != null ? t.startedAt() : t.calledAt(), now);
            Tickets.update(tx.connection(), "UPDATE tickets SET state = ?, outcome = ?, missing = ?, incomplete_reason = ?, "
                            + "note = ?, finished_at = ?, service_seconds = ? WHERE id = ?",
                    outcome, outcome, miss == null || miss.isEmpty() ? null : Json.write(miss), reason, note,
                    now.toString(), secs, t.id());
            CounterDesk.setTicket(tx.connection(), row.id(), null, row.priorityRun());
            times.add(t.service(), (int) seconds(t.calledAt(), now));
            Map<String, Object> data = counterData(t, row);
            data.put("outcome", outcome);
            data.put("serviceSeconds", secs);
            if (miss != null && !miss.isEmpty()) {
                data.put("missing", miss);
            }
            if (reason != null) {
                data.put("reason", reason);
            }
            tx.append("ticket.finished", data);
            for (FinishHook h : finishHooks) {
                h.onFinish(tx, t, row, outcome);
            }
            if (reason == null) {
                return null;
            }
            ServiceType st = cat.service(t.service()).orElseThrow();
            String reasonName = reason.equals(Catalog.MISSING_MATERIAL) ? null
                    : cat.incompleteReason(reason).map(r -> r.name().zh()).orElse(reason);
            return new CounterView.Notice(cat.hall().name(), t.number(), st.name().zh(), miss, reason, reasonName,
                    st.timeLimitMinutes(), def.name(), cat.hall().contact(), note);
        };
    }

    public CounterView noShow(String counter, String token) {
        return act(counter, token, this::noShowAction);
    }

    private CounterView.Notice noShowAction(Tx tx, Catalog cat, CounterDef def, CounterRow row) throws SQLException {
        Ticket t = current(tx.connection(), row, "mark as no-show", "called");
        Tickets.update(tx.connection(), "UPDATE tickets SET state = 'no_show', finished_at = ? WHERE id = ?",
                tx.now().toString(), t.id());
        CounterDesk.setTicket(tx.connection(), row.id(), null, row.priorityRun());
        Map<String, Object> data = counterData(t, row);
        data.put("recalls", t.recalls());
        tx.append("ticket.no_show", data);
        return null;
    }

    /** Sends the current ticket back to waiting in another service's queue or at another counter, in its old place. */
    public CounterView transfer(String counter, String token, String toService, String toCounter) {
        Catalog cat0 = catalog.current();
        if ((toService == null) == (toCounter == null)) {
            throw Problem.INVALID_REQUEST.exception("give exactly one of 'service' or 'counter' to transfer to");
        }
        if (toService != null && cat0.service(toService).isEmpty()) {
            throw Problem.UNKNOWN_SERVICE.exception("no service '" + toService + "'");
        }
        if (toCounter != null && cat0.counter(toCounter).isEmpty()) {
            throw Problem.UNKNOWN_COUNTER.exception("no counter '" + toCounter + "'");
        }
        if (counter.equals(toCounter)) {
            throw Problem.INVALID_REQUEST.exception("counter: cannot transfer a ticket to its own counter");
        }
        return act(counter, token, (tx, cat, def, row) -> {
            Ticket t = current(tx.connection(), row, "transfer", "called", "serving");
            String service = toService != null ? toService : t.service();
            Tickets.update(tx.connection(), "UPDATE tickets SET state = 'waiting', service = ?, target_counter = ?, "
                            + "counter = NULL, officer = NULL, recalls = 0, started_at = NULL WHERE id = ?",
                    service, toCounter, t.id());
            CounterDesk.setTicket(tx.connection(), row.id(), null, row.priorityRun());
            Map<String, Object> data = counterData(t, row);
            data.put("toService", service);
            if (toCounter != null) {
                data.put("toCounter", toCounter);
            }
            tx.append("ticket.transferred", data);
            return null;
        });
    }

    /** The counter as its console shows it; no session needed to look. */
    public CounterView counter(String counter) {
        Catalog cat = catalog.current();
        CounterDef def = cat.counter(counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        return store.read(c -> view(c, cat, def, store.today().toString(), null));
    }

    private CounterView view(Connection c, Catalog cat, CounterDef def, String day, CounterView.Notice notice)
            throws SQLException {
        CounterRow row = CounterDesk.row(c, def.id()).orElseThrow();
        Ticket t = row.ticket() == null ? null : Tickets.byId(c, row.ticket()).orElse(null);
        int waiting = 0;
        for (String s : cat.servicesOf(def)) {
            waiting += Tickets.count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND "
                    + "service = ? AND target_counter IS NULL", day, s);
        }
        waiting += Tickets.count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND "
                + "target_counter = ?", day, def.id());
        String officerName = row.officer() == null ? null
                : cat.officer(row.officer()).map(Catalog.Officer::name).orElse(null);
        return new CounterView(def.id(), def.name(), row.state(), row.reason(), row.officer(), officerName, t, waiting,
                notice);
    }

    private static void requireFree(CounterRow row, boolean forCall) {
        if (forCall && row.state().equals("paused")) {
            throw Problem.COUNTER_PAUSED.exception("counter " + row.id() + " is paused (" + row.reason()
                    + "); resume it first");
        }
        if (row.ticket() != null) {
            throw Problem.COUNTER_BUSY.exception("finish, transfer or mark as no-show the current ticket first");
        }
    }

    /** The counter's current ticket, refused unless it is in one of {@code states} for {@code action}. */
    private static Ticket current(Connection c, CounterRow row, String action, String... states) throws SQLException {
        if (row.ticket() == null) {
            throw Problem.NO_CURRENT_TICKET.exception("counter " + row.id() + " has no current ticket; call one first");
        }
        Ticket t = Tickets.byId(c, row.ticket()).orElseThrow();
        if (!List.of(states).contains(t.state())) {
            throw stateError(t, action);
        }
        return t;
    }

    private Ticket find(Connection c, String day, String ref) throws SQLException {
        Optional<Ticket> t = ref.matches("[A-Z][0-9]{3}")
                ? Tickets.byNumber(c, day, catalog.current().services().stream()
                        .filter(s -> s.prefix().equals(ref.substring(0, 1))).map(ServiceType::code).findFirst()
                        .orElse(""), Integer.parseInt(ref.substring(1)))
                : Tickets.byId(c, ref);
        return t.filter(x -> x.day().equals(day))
                .orElseThrow(() -> Problem.UNKNOWN_TICKET.exception("no ticket '" + ref + "' today"));
    }

    private static QmsException stateError(Ticket t, String action) {
        return new QmsException(Problem.TICKET_STATE, "cannot " + action + " " + t.number() + ": it is "
                + t.state().replace('_', '-'), Map.of("state", t.state()));
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

    private static long seconds(String from, OffsetDateTime to) {
        if (from == null) {
            return 0;
        }
        // Wall-clock differences; clamped because an NTP step can make them negative or huge.
        long s = Duration.between(OffsetDateTime.parse(from), to).getSeconds();
        return Math.max(0, Math.min(s, 86_400));
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

    // ---- the day change ----

    /**
     * At the first write of a new business day: yesterday's unfinished tickets expire and every counter is
     * closed (officers log in again each morning). Safe to call often; it writes only once per day.
     */
    public void rollDay() {
        LocalDate today = store.today();
        if (!today.isAfter(rolledDay)) {
            return;
        }
        store.write(tx -> {
            Connection c = tx.connection();
            String day = tx.day().toString();
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = 'rolled_day'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1).compareTo(day) >= 0) {
                        return null;
                    }
                }
            }
            List<Ticket> stale = Tickets.list(c, "SELECT " + Tickets.COLUMNS + " FROM tickets WHERE day < ? AND state IN "
                    + "('waiting','called','serving') ORDER BY pos", day);
            for (Ticket t : stale) {
                Tickets.update(c, "UPDATE tickets SET state = 'expired' WHERE id = ?", t.id());
                Map<String, Object> data = ticketData(t);
                data.put("day", t.day());
                data.put("from", t.state());
                tx.append("ticket.expired", data);
            }
            for (var e : CounterDesk.closeAll(c).entrySet()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("counter", e.getKey());
                data.put("officer", e.getValue());
                data.put("reason", "end of day");
                tx.append("counter.closed", data);
            }
            Tickets.update(c, "INSERT INTO meta(key, value) VALUES ('rolled_day', ?) "
                    + "ON CONFLICT(key) DO UPDATE SET value = excluded.value", day);
            if (!stale.isEmpty()) {
                log.info("ticket: business day {} began; {} unfinished tickets of earlier days expired", day, stale.size());
            }
            return null;
        });
        rolledDay = today;
    }

    // ---- views ----

    /** Each service as the kiosk shows it. */
    public List<Map<String, Object>> services() {
        Catalog cat = catalog.current();
        return store.read(c -> {
            String day = store.today().toString();
            LocalTime now = OffsetDateTime.now(store.clock().withZone(store.zone())).toLocalTime();
            List<Map<String, Object>> out = new ArrayList<>();
            for (ServiceType st : cat.services()) {
                int waiting = Tickets.waiting(c, day, st.code());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", st.code());
                m.put("prefix", st.prefix());
                m.put("name", st.name());
                m.put("materials", st.materials());
                m.put("timeLimitMinutes", st.timeLimitMinutes());
                m.put("greenChannel", st.greenChannel());
                m.put("hours", st.hours());
                m.put("waiting", waiting);
                int rank = st.greenChannel() ? Priority.GREEN.rank() : Priority.NORMAL.rank();
                m.put("estimatedWaitMinutes", estimator.minutes(c, cat, day, st, rank, waiting, true, Long.MAX_VALUE,
                        OffsetDateTime.now(store.clock().withZone(store.zone()))));
                boolean full = st.dailyCap() > 0 && Tickets.issuedCount(c, day, st.code())
                        + Appointments.outstanding(c, day, st.code()) >= st.dailyCap();
                boolean open = openAt(st, now);
                m.put("open", open && !full);
                if (!open) {
                    m.put("closedReason", "closed");
                } else if (full) {
                    m.put("closedReason", "full");
                }
                out.add(m);
            }
            return out;
        });
    }

    /** The live queue per service and counter, for the admin. */
    public Map<String, Object> queue() {
        Catalog cat = catalog.current();
        return store.read(c -> {
            String day = store.today().toString();
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServiceType st : cat.services()) {
                List<String> next = new ArrayList<>();
                for (Ticket t : Tickets.list(c, "SELECT " + Tickets.COLUMNS + " FROM tickets WHERE day = ? AND "
                        + "state = 'waiting' AND service = ? ORDER BY target_counter IS NULL, rank DESC, pos LIMIT 20",
                        day, st.code())) {
                    next.add(t.number());
                }
                services.add(Map.of("code", st.code(), "waiting", Tickets.waiting(c, day, st.code()), "next", next));
            }
            List<CounterView> counters = new ArrayList<>();
            for (CounterDef d : cat.counters()) {
                counters.add(view(c, cat, d, day, null));
            }
            return Map.of("day", day, "services", services, "counters", counters);
        });
    }

    /** The tickets a counter would call next, in that order (at most 30), with how long each has waited. */
    public List<Map<String, Object>> waitingFor(String counter) {
        Catalog cat = catalog.current();
        CounterDef def = cat.counter(counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        List<String> services = cat.servicesOf(def);
        return store.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + Tickets.COLUMNS + " FROM tickets WHERE day = ? AND "
                    + "state = 'waiting' AND (target_counter = ? OR (target_counter IS NULL AND service IN (");
            List<Object> args = new ArrayList<>(List.of(store.today().toString(), counter));
            for (int i = 0; i < services.size(); i++) {
                sql.append(i == 0 ? "?" : ",?");
                args.add(services.get(i));
            }
            sql.append(services.isEmpty() ? "NULL" : "").append("))) ORDER BY target_counter IS NULL, rank DESC, pos LIMIT 30");
            OffsetDateTime now = OffsetDateTime.now(store.clock().withZone(store.zone()));
            List<Map<String, Object>> out = new ArrayList<>();
            for (Ticket t : Tickets.list(c, sql.toString(), args.toArray())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", t.number());
                m.put("service", t.service());
                m.put("priority", t.priority());
                if (t.targetCounter() != null) {
                    m.put("transferredHere", true);
                }
                m.put("waitedMinutes", seconds(t.issuedAt(), now) / 60);
                out.add(m);
            }
            return out;
        });
    }

    /** Per service, how long the oldest waiting ticket of today has waited, in seconds (services with none left out). */
    public Map<String, Long> oldestWaitSeconds() {
        return store.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            OffsetDateTime now = OffsetDateTime.now(store.clock());
            try (PreparedStatement ps = c.prepareStatement("SELECT service, MIN(pos) FROM tickets WHERE day = ? AND "
                    + "state = 'waiting' GROUP BY service")) {
                ps.setString(1, store.today().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try (PreparedStatement t = c.prepareStatement("SELECT issued_at FROM tickets WHERE pos = ?")) {
                            t.setLong(1, rs.getLong(2));
                            try (ResultSet r2 = t.executeQuery()) {
                                if (r2.next()) {
                                    out.put(rs.getString(1), Math.max(0, seconds(r2.getString(1), now)));
                                }
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    /** Counts and times of a business day. */
    public Map<String, Object> stats(LocalDate day) {
        return stats(day, day);
    }

    /** Counts and times of business days {@code from} to {@code to}, both included. */
    public Map<String, Object> stats(LocalDate from, LocalDate to) {
        Catalog cat = catalog.current();
        return store.read(c -> {
            Map<String, Map<String, Object>> per = new LinkedHashMap<>();
            for (ServiceType st : cat.services()) {
                per.put(st.code(), emptyCounts());
            }
            Map<String, Object> total = emptyCounts();
            try (PreparedStatement ps = c.prepareStatement("SELECT origin_service, state, COUNT(*) FROM tickets "
                    + "WHERE day BETWEEN ? AND ? GROUP BY origin_service, state")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = per.computeIfAbsent(rs.getString(1), k -> emptyCounts());
                        String key = camel(rs.getString(2));
                        for (Map<String, Object> target : List.of(m, total)) {
                            target.merge(key, rs.getInt(3), (a, b) -> (Integer) a + (Integer) b);
                            target.merge("issued", rs.getInt(3), (a, b) -> (Integer) a + (Integer) b);
                        }
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            if (from.equals(to)) {
                out.put("day", from.toString());
            } else {
                out.put("from", from.toString());
                out.put("to", to.toString());
            }
            out.put("services", per);
            out.put("total", total);
            try (PreparedStatement ps = c.prepareStatement("SELECT AVG(wait_seconds), AVG(service_seconds) FROM tickets "
                    + "WHERE day BETWEEN ? AND ?")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    out.put("averageWaitMinutes", Math.round(rs.getDouble(1) / 6.0) / 10.0);
                    out.put("averageServiceMinutes", Math.round(rs.getDouble(2) / 6.0) / 10.0);
                }
            }
            out.putAll(Report.served(c, from.toString(), to.toString()));
            return out;
        });
    }

    private static Map<String, Object> emptyCounts() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("issued", "waiting", "called", "serving", "done", "incomplete", "noShow", "expired",
                "cancelled")) {
            m.put(k, 0);
        }
        return m;
    }

    private static String camel(String state) {
        return state.equals("no_show") ? "noShow" : state;
    }

    /** Refuses a catalogue that drops a service still holding waiting or called tickets today. */
    private void checkCatalog(Tx tx, Catalog next) throws SQLException {
        Catalog cur = catalog.current();
        if (cur == null) {
            return;
        }
        for (ServiceType st : cur.services()) {
            if (next.service(st.code()).isEmpty()) {
                int active = Tickets.count(tx.connection(), "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? "
                        + "AND state IN ('waiting','called','serving')", tx.day().toString(), st.code());
                if (active > 0) {
                    throw Problem.CATALOG_CONFLICT.exception("service '" + st.code() + "' still has " + active
                            + " active tickets today; keep it until they are served");
                }
            }
        }
        for (ServiceType st : next.services()) {
            cur.service(st.code()).filter(old -> !old.prefix().equals(st.prefix())).ifPresent(old -> {
                // Changing a prefix mid-day would let two services share a number sequence.
                try {
                    if (Tickets.issuedCount(tx.connection(), tx.day().toString(), st.code()) > 0) {
                        throw Problem.CATALOG_CONFLICT.exception("service '" + st.code() + "' changes prefix "
                                + old.prefix() + " to " + st.prefix() + " after issuing tickets today");
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
