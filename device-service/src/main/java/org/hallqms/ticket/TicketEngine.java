package org.hallqms.ticket;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;

/**
 * The ticket package's front door: it wires the parts and hands each call to the one that does it, {@link
 * Issuing} (a ticket is born), {@link CounterActions} (called and served), {@link DayRoll} (the change of day),
 * {@link QueueViews} and {@link Stats} (read). Every change is one write with its event.
 */
public final class TicketEngine {
    private final Store store;
    private final ServiceTimes times = new ServiceTimes();
    private final DayRoll dayRoll;
    private final Issuing issuing;
    private final CounterActions counters;
    private final QueueViews views;
    private final Stats stats;

    public TicketEngine(Store store, CatalogService catalog, CounterDesk desk, Appointments appointments,
                        int priorityRun, int maxRecalls) {
        this.store = store;
        WaitEstimator estimator = new WaitEstimator(times, store.clock());
        this.dayRoll = new DayRoll(store);
        WaitingLine line = new WaitingLine();
        this.issuing = new Issuing(store, catalog, appointments, dayRoll, estimator, line);
        this.counters = new CounterActions(store, catalog, desk, dayRoll, times, line, priorityRun, maxRecalls);
        this.views = new QueueViews(store, catalog, estimator);
        this.stats = new Stats(store, catalog);
        catalog.addHook(new CatalogGuard(catalog)::check);
    }

    /** Loads the day already rolled to and recent service times; expires a past day's tickets. */
    public void start() {
        store.read(c -> {
            dayRoll.load(c);
            times.load(c);
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

    /** A ticket with its place in the queue, for the status page. */
    public record Status(Ticket ticket, int ahead, int estimatedWaitMinutes) {
    }

    public Issued issue(IssueRequest r) {
        return issuing.issue(r);
    }

    public Optional<Status> status(String id) {
        return issuing.status(id);
    }

    // ---- counter actions ----

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

    public void addFinishHook(FinishHook hook) {
        counters.addFinishHook(hook);
    }

    /** Counter commands from every source: {@code counters().apply(counter, caller, command, also)}. */
    public CounterActions counters() {
        return counters;
    }

    // ---- the day change ----

    /**
     * At the first write of a new business day: yesterday's unfinished tickets expire and every counter is
     * closed (officers log in again each morning). Safe to call often; it writes only once per day.
     */
    public void rollDay() {
        dayRoll.rollDay();
    }

    // ---- views ----

    /** The counter as its console shows it; no session needed to look. */
    public CounterView counter(String counter) {
        return views.counter(counter);
    }

    /** Each service as the kiosk shows it. */
    public List<Map<String, Object>> services() {
        return views.services();
    }

    /** The live queue per service and counter, for the admin. */
    public Map<String, Object> queue() {
        return views.queue();
    }

    /** The tickets a counter would call next, in that order (at most 30), with how long each has waited. */
    public List<Map<String, Object>> waitingFor(String counter) {
        return views.waitingFor(counter);
    }

    /** Per service, how long the oldest waiting ticket of today has waited, in seconds (services with none left out). */
    public Map<String, Long> oldestWaitSeconds() {
        return views.oldestWaitSeconds();
    }

    /** Counts and times of a business day. */
    public Map<String, Object> stats(LocalDate day) {
        return stats.of(day, day);
    }

    /** Counts and times of business days {@code from} to {@code to}, both included. */
    public Map<String, Object> stats(LocalDate from, LocalDate to) {
        return stats.of(from, to);
    }
}
