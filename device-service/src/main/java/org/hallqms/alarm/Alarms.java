package org.hallqms.alarm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.hallqms.Problem;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.event.AlarmEvent;
import org.hallqms.event.TicketEvent;
import org.hallqms.event.Wire;
import org.hallqms.jdbc.Rows;
import org.hallqms.store.Committed;
import org.hallqms.store.Sql;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.hallqms.ticket.Ticket;
import org.hallqms.ticket.TicketQueries;
import org.hallqms.ticket.TicketState;

/**
 * Raises and clears the time-limit alarms by looking at the queue ({@link #check()}, run by the hall's ticker
 * and soon after an alarmed ticket moves), and takes complaints. Every change is one logged event.
 */
public final class Alarms {
    public static final String WAIT = "wait-target";
    public static final String SERVICE = "service-limit";
    public static final String COMPLAINT = "complaint";
    /** One broker identity refused again and again (MQTT contract v1.1); {@code reason} names the identity. */
    public static final String MISUSE = "device-misuse";
    /** A case (cases package) missed its callback or resolve deadline; {@code reason} is the case id. */
    public static final String CASE_OVERDUE = "case-overdue";
    /** Open complaints beyond this are refused: a child at the button must not bury the real ones. */
    static final int MAX_OPEN_COMPLAINTS = 30;
    /** Alarms listed on the topic; the counts cover them all. */
    public static final int TOPIC_LIMIT = 50;

    /** One alarm as the admin page and the alarms topic show it; absent fields are left out. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Alarm(long id, String kind, String ticket, String number, String service, String counter,
                        String officer, String reason, Integer limitMinutes, String raisedAt, String clearedAt,
                        String clearedBy) {
    }

    private final Store store;
    private final CatalogService catalog;
    // Tickets with an active alarm: when one of them moves, the check runs at once instead of at the next tick.
    private final Set<String> alarmed = ConcurrentHashMap.newKeySet();
    private volatile Runnable soon = () -> { };

    public Alarms(Store store, CatalogService catalog) {
        this.store = store;
        this.catalog = catalog;
        store.onCommitted(this::committed);
    }

    /** How to run {@link #check()} soon, off the committing thread (the hall's ticker). */
    public void checkSoonWith(Runnable r) {
        this.soon = r;
    }

    private void committed(List<Committed> events) {
        if (alarmed.isEmpty()) {
            return;
        }
        for (Committed c : events) {
            if (c.event() instanceof TicketEvent t && moves(t) && alarmed.contains(t.ticket())) {
                soon.run();
                return;
            }
        }
    }

    /** Whether the ticket left the state its alarm is about: an issue or a recall changes neither. */
    private static boolean moves(TicketEvent e) {
        return !(e instanceof TicketEvent.Issued) && !(e instanceof TicketEvent.Recalled);
    }

    /**
     * Clears the alarms of tickets that moved on, raises those newly past their waiting target or time limit.
     * Returns how many changed.
     */
    public int check() {
        Catalog cat = catalog.current();
        int changed = store.write(tx -> {
            Connection c = tx.connection();
            OffsetDateTime now = tx.now();
            String day = tx.day().toString();
            int n = 0;
            Map<String, String> activeByTicket = new HashMap<>();
            for (Alarm a : select(c, "cleared_at IS NULL AND kind IN ('" + WAIT + "','" + SERVICE + "')")) {
                String state = ticketState(c, a.ticket());
                boolean over = a.kind().equals(WAIT) ? !"waiting".equals(state)
                        : !"called".equals(state) && !"serving".equals(state);
                if (over) {
                    clear(tx, a, state == null ? "gone" : state);
                    n++;
                } else {
                    activeByTicket.put(a.ticket() + "/" + a.kind(), a.ticket());
                }
            }
            for (Catalog.ServiceType st : cat.services()) {
                // Oldest place first: the first ticket still inside its target ends the search.
                for (Ticket t : TicketQueries.waitingOldestFirstWhile(c, day, st.code(),
                        w -> minutes(w.issuedAt(), now) >= st.waitTargetMinutes())) {
                    if (!activeByTicket.containsKey(t.id() + "/" + WAIT)) {
                        raise(tx, WAIT, t.id(), t.number(), st.code(), null, null, null, st.waitTargetMinutes(), null);
                        n++;
                    }
                }
            }
            for (Ticket t : TicketQueries.atCounters(c, day)) {
                Catalog.ServiceType st = cat.service(t.service()).orElse(null);
                String since = t.startedAt() != null ? t.startedAt() : t.calledAt();
                if (st == null || since == null || minutes(since, now) < st.timeLimitMinutes()
                        || activeByTicket.containsKey(t.id() + "/" + SERVICE)) {
                    continue;
                }
                raise(tx, SERVICE, t.id(), t.number(), st.code(), t.counter(), t.officer(), null,
                        st.timeLimitMinutes(), null);
                n++;
            }
            return n;
        });
        refreshAlarmed();
        return changed;
    }

    /**
     * A citizen's "办不成事" complaint from the kiosk: an alarm for the duty officer, naming the ticket (and so
     * the window and officer) when the citizen gives its number. The same request id gives the same alarm.
     */
    public Alarm complain(String requestId, String ticketRef, String reason) {
        Catalog cat = catalog.current();
        if (reason != null && cat.incompleteReason(reason).isEmpty()) {
            throw Problem.INVALID_REQUEST.exception("reason: '" + reason + "' is not one of "
                    + String.join(", ", cat.incompleteReasons().stream().map(Catalog.Reason::code).toList()));
        }
        return store.write(tx -> {
            Connection c = tx.connection();
            List<Alarm> prior = select(c, "request_id = ?", requestId);
            if (!prior.isEmpty()) {
                return prior.get(0);
            }
            if (select(c, "cleared_at IS NULL AND kind = '" + COMPLAINT + "'").size() >= MAX_OPEN_COMPLAINTS) {
                throw Problem.TOO_MANY_COMPLAINTS.exception(MAX_OPEN_COMPLAINTS + " complaints are open; please ask "
                        + "at the information desk");
            }
            String[] t = ticketRef == null ? new String[5] : ticket(c, tx.day().toString(), ticketRef);
            return raise(tx, COMPLAINT, t[0], t[1], t[2], t[3], t[4], reason == null ? "other" : reason, null, requestId);
        });
    }

    /**
     * A broker identity (a device id, or "anonymous") keeps being refused: someone is trying what it may not, or a
     * device is misconfigured. One active alarm per identity; {@code reason} is the identity.
     */
    public java.util.Optional<Alarm> deviceMisuse(String identity, String counter) {
        return store.write(tx -> {
            if (!select(tx.connection(), "cleared_at IS NULL AND kind = ? AND reason = ?", MISUSE, identity).isEmpty()) {
                return java.util.Optional.<Alarm>empty();
            }
            return java.util.Optional.of(raise(tx, MISUSE, null, null, null, counter, null, identity, null, null));
        });
    }

    /** A case missed a deadline: raised in the transaction that logs its case.overdue (the cases package's sweep). */
    public static Alarm caseOverdue(Tx tx, String caseId, String ticket, String number, String service, String counter,
                                    String officer) throws SQLException {
        return raise(tx, CASE_OVERDUE, ticket, number, service, counter, officer, caseId, null, null);
    }

    /** A case was answered: its active case-overdue alarms clear in the same transaction. */
    public static void caseAnswered(Tx tx, String caseId, String by) throws SQLException {
        for (Alarm a : select(tx.connection(), "cleared_at IS NULL AND kind = ? AND reason = ?", CASE_OVERDUE, caseId)) {
            clear(tx, a, by);
        }
    }

    /** The duty officer has dealt with an alarm (any kind). */
    public Alarm clear(long id, String by) {
        Alarm a = store.write(tx -> {
            List<Alarm> l = select(tx.connection(), "id = ? AND cleared_at IS NULL", id);
            if (l.isEmpty()) {
                throw Problem.UNKNOWN_ALARM.exception("no active alarm " + id);
            }
            return clear(tx, l.get(0), by);
        });
        refreshAlarmed();
        return a;
    }

    /** Active alarms, oldest first. */
    public List<Alarm> active() {
        return store.read(c -> select(c, "cleared_at IS NULL"));
    }

    /** All alarms raised on a day, oldest first. */
    public List<Alarm> ofDay(LocalDate day) {
        return store.read(c -> select(c, "day = ?", day.toString()));
    }

    /**
     * The retained payload of {@code qms/{station}/alarms}: counts by kind and at most {@link #TOPIC_LIMIT}
     * alarms, complaints first (a person is waiting for the duty officer), then time limits, then waiting
     * targets, oldest first. A backlog of hundreds past their target would otherwise outgrow what a broker
     * takes in one message (Moquette closes the connection past 256 KiB) and darken every screen.
     */
    public Map<String, Object> payload() {
        List<Alarm> all = new ArrayList<>(active());
        Map<String, Integer> byKind = new TreeMap<>();
        for (String k : List.of(WAIT, SERVICE, COMPLAINT, MISUSE)) {
            byKind.put(k, 0);
        }
        all.forEach(a -> byKind.merge(a.kind(), 1, Integer::sum));
        List<String> order = List.of(MISUSE, COMPLAINT, CASE_OVERDUE, SERVICE, WAIT);
        all.sort(java.util.Comparator.comparingInt((Alarm a) -> order.indexOf(a.kind())).thenComparingLong(Alarm::id));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("total", all.size());
        m.put("byKind", byKind);
        m.put("alarms", all.subList(0, Math.min(all.size(), TOPIC_LIMIT)));
        m.put("seq", store.head().seq());
        m.put("at", OffsetDateTime.now(store.clock().withZone(store.zone())).truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS).toString());
        return m;
    }

    /** Alarms raised over a range of days by kind, and per service, counter and officer. */
    public Map<String, Object> stats(LocalDate from, LocalDate to) {
        return store.read(c -> {
            Map<String, Integer> byKind = new TreeMap<>();
            Map<String, Map<String, Integer>> byService = new TreeMap<>();
            Map<String, Map<String, Integer>> byCounter = new TreeMap<>();
            Map<String, Map<String, Integer>> byOfficer = new TreeMap<>();
            Map<String, Integer> complaints = new TreeMap<>();
            for (String k : List.of(WAIT, SERVICE, COMPLAINT)) {
                byKind.put(k, 0);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, service, counter, officer, reason FROM alarms "
                    + "WHERE day BETWEEN ? AND ?")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String kind = rs.getString(1);
                        byKind.merge(kind, 1, Integer::sum);
                        count(byService, rs.getString(2), kind);
                        count(byCounter, rs.getString(3), kind);
                        count(byOfficer, rs.getString(4), kind);
                        if (kind.equals(COMPLAINT)) {
                            complaints.merge(rs.getString(5) == null ? "other" : rs.getString(5), 1, Integer::sum);
                        }
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("byKind", byKind);
            out.put("complaintsByReason", complaints);
            out.put("byService", byService);
            out.put("byCounter", byCounter);
            out.put("byOfficer", byOfficer);
            return out;
        });
    }

    private static void count(Map<String, Map<String, Integer>> m, String key, String kind) {
        if (key != null) {
            m.computeIfAbsent(key, k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
        }
    }

    private void refreshAlarmed() {
        Set<String> now = new java.util.HashSet<>();
        for (Alarm a : active()) {
            if (a.ticket() != null && !a.kind().equals(COMPLAINT)) {
                now.add(a.ticket());
            }
        }
        alarmed.retainAll(now);
        alarmed.addAll(now);
    }

    private static Alarm raise(Tx tx, String kind, String ticket, String number, String service, String counter,
                               String officer, String reason, Integer limit, String requestId) throws SQLException {
        String at = tx.now().toString();
        long id;
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO alarms(kind, day, ticket, number, "
                + "service, counter, officer, reason, limit_minutes, raised_at, request_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            Sql.bind(ps, kind, tx.day().toString(), ticket, number, service, counter, officer, reason, limit, at, requestId);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        tx.append(new AlarmEvent.Raised(id, kind(kind), ticket, number, service, counter, officer, reason, limit));
        return new Alarm(id, kind, ticket, number, service, counter, officer, reason, limit, at, null, null);
    }

    private static Alarm clear(Tx tx, Alarm a, String by) throws SQLException {
        String at = tx.now().toString();
        Sql.update(tx.connection(), "UPDATE alarms SET cleared_at = ?, cleared_by = ? WHERE id = ?", at, by, a.id());
        tx.append(new AlarmEvent.Cleared(a.id(), kind(a.kind()), a.ticket(), a.number(), by));
        return new Alarm(a.id(), a.kind(), a.ticket(), a.number(), a.service(), a.counter(), a.officer(), a.reason(),
                a.limitMinutes(), a.raisedAt(), at, by);
    }

    private static AlarmEvent.Kind kind(String kind) {
        return Wire.parse(AlarmEvent.Kind.class, kind);
    }

    /** id, number, service, counter, officer of today's ticket by id or number (A012). */
    private static String[] ticket(Connection c, String day, String ref) throws SQLException {
        Ticket t = TicketQueries.byNumberOrId(c, day, ref)
                .orElseThrow(() -> Problem.UNKNOWN_TICKET.exception("no ticket '" + ref + "' today"));
        return new String[] {t.id(), t.number(), t.originService(), t.counter(), t.officer()};
    }

    private static String ticketState(Connection c, String id) throws SQLException {
        return TicketQueries.state(c, id).map(TicketState::wire).orElse(null);
    }

    private static List<Alarm> select(Connection c, String where, Object... args) throws SQLException {
        return Rows.list(c, Alarm.class, "SELECT id, kind, ticket, number, service, counter, officer, reason, "
                + "limit_minutes, raised_at, cleared_at, cleared_by FROM alarms WHERE " + where + " ORDER BY id", args);
    }

    /** Whole minutes from a logged time to now; never negative (a clock stepped back). */
    private static long minutes(String from, OffsetDateTime now) {
        return Math.max(0, Duration.between(OffsetDateTime.parse(from), now).toMinutes());
    }
}
