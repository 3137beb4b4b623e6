package org.hallqms.cases;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hallqms.PersonalId;
import org.hallqms.Problem;
import org.hallqms.alarm.Alarms;
import org.hallqms.config.Config;
import org.hallqms.event.AlarmEvent;
import org.hallqms.event.CaseEvent;
import org.hallqms.event.CaseEvent.Due;
import org.hallqms.event.HallEvent;
import org.hallqms.event.RatingEvent;
import org.hallqms.jdbc.Rows;
import org.hallqms.store.Json;
import org.hallqms.store.Sql;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;

/**
 * Opens a case with each 差评 and 办不成事 complaint, in their transaction; takes the callback, the resolution and
 * the dismissal; logs each missed deadline once. Every change is one logged event with the row it changes.
 */
public final class Cases {
    /** The longest reply, note or reason a case keeps. */
    public static final int MAX_TEXT = 500;
    private static final DateTimeFormatter ID_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String COLUMNS = "id, day, kind, source, ticket, number, service, counter, officer, level, "
            + "reasons, opened_at, callback_due, resolve_due, state, called_back_at, called_back_by, closed_at, "
            + "closed_by, reply, note, dismiss_reason, callback_overdue, resolve_overdue";

    private final Store store;
    private final Config.Cases deadlines;

    public Cases(Store store, Config.Cases deadlines) {
        this.store = store;
        this.deadlines = deadlines;
        store.onAppended(this::appended);
    }

    /** The rating or complaint and its case commit together, whoever logs them. */
    private void appended(Tx tx, HallEvent e) throws SQLException {
        if (e instanceof RatingEvent.Recorded r && r.level() <= 2) {
            open(tx, CaseEvent.Kind.BAD_RATING, r.session(), r.ticket(), r.number(), r.service(), r.counter(),
                    r.officer(), r.level(), r.reasons());
        } else if (e instanceof AlarmEvent.Raised a && a.kind() == AlarmEvent.Kind.COMPLAINT) {
            open(tx, CaseEvent.Kind.COMPLAINT, Long.toString(a.alarm()), a.ticket(), a.number(), a.service(),
                    a.counter(), a.officer(), null, a.reason() == null ? List.of() : List.of(a.reason()));
        }
    }

    private void open(Tx tx, CaseEvent.Kind kind, String source, String ticket, String number, String service,
                      String counter, String officer, Integer level, List<String> reasons) throws SQLException {
        Connection c = tx.connection();
        if (Sql.count(c, "SELECT COUNT(*) FROM cases WHERE kind = ? AND source = ?", kind.wire(), source) > 0) {
            return;
        }
        String day = tx.day().toString();
        int seq = Sql.count(c, "SELECT COUNT(*) FROM cases WHERE day = ?", day) + 1;
        String id = "C" + tx.day().format(ID_DAY) + "-" + String.format("%03d", seq);
        OffsetDateTime now = tx.now();
        OffsetDateTime callbackDue = now.plusHours(deadlines.callbackHours());
        OffsetDateTime resolveDue = now.plusDays(deadlines.resolveDays());
        String at = tx.append(new CaseEvent.Opened(id, kind, ticket, number, service, counter, officer, level, reasons,
                source, callbackDue, resolveDue)).at();
        Sql.update(c, "INSERT INTO cases(id, day, kind, source, ticket, number, service, counter, officer, level, "
                        + "reasons, opened_at, callback_due, resolve_due, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id, day, kind.wire(), source, ticket, number, service, counter, officer, level, Json.write(reasons), at,
                callbackDue.toString(), resolveDue.toString(), CaseRow.OPEN);
    }

    /** Cases, oldest first, of one state and/or opened on one business day (null = any). */
    public List<Case> list(String state, LocalDate day) {
        if (state != null && !CaseRow.STATES.contains(state)) {
            throw Problem.INVALID_REQUEST.exception("state: must be one of " + String.join(", ", CaseRow.STATES));
        }
        OffsetDateTime now = now();
        return store.read(c -> {
            StringBuilder where = new StringBuilder("1 = 1");
            List<Object> args = new ArrayList<>();
            if (state != null) {
                where.append(" AND state = ?");
                args.add(state);
            }
            if (day != null) {
                where.append(" AND day = ?");
                args.add(day.toString());
            }
            return rows(c, where.toString(), args.toArray()).stream().map(r -> r.view(now)).toList();
        });
    }

    public Optional<Case> get(String id) {
        OffsetDateTime now = now();
        return store.read(c -> one(c, id)).map(r -> r.view(now));
    }

    /** The replies of the ticket's resolved cases, oldest first: what its page shows the citizen. */
    public List<String> replies(String ticket) {
        return store.read(c -> rows(c, "ticket = ? AND state = ? AND reply IS NOT NULL", ticket, CaseRow.RESOLVED))
                .stream().map(CaseRow::reply).toList();
    }

    /** The citizen was called back. Repeating it with the same note changes nothing. */
    public Case callback(String id, String by, String note) {
        String n = text("note", note);
        return act(id, r -> {
            if (r.state().equals(CaseRow.CALLED_BACK) && n.equals(r.note())) {
                return false;
            }
            need(r, "call back", CaseRow.OPEN);
            return true;
        }, (tx, r) -> {
            String at = tx.append(new CaseEvent.CalledBack(id, by, n)).at();
            Sql.update(tx.connection(), "UPDATE cases SET state = ?, called_back_at = ?, called_back_by = ?, note = ? "
                    + "WHERE id = ?", CaseRow.CALLED_BACK, at, by, n, id);
            if (!r.resolveOverdue()) {
                Alarms.caseAnswered(tx, id, CaseRow.CALLED_BACK);
            }
        });
    }

    /** The case is answered: {@code reply} is for the citizen. Repeating it with the same texts changes nothing. */
    public Case resolve(String id, String by, String reply, String note) {
        String rp = text("reply", reply);
        String n = note == null ? null : text("note", note);
        return act(id, r -> {
            if (r.state().equals(CaseRow.RESOLVED) && rp.equals(r.reply()) && (n == null || n.equals(r.note()))) {
                return false;
            }
            need(r, "resolve", CaseRow.OPEN, CaseRow.CALLED_BACK);
            return true;
        }, (tx, r) -> {
            String at = tx.append(new CaseEvent.Resolved(id, by, rp, n)).at();
            Sql.update(tx.connection(), "UPDATE cases SET state = ?, closed_at = ?, closed_by = ?, reply = ?, "
                    + "note = COALESCE(?, note) WHERE id = ?", CaseRow.RESOLVED, at, by, rp, n, id);
            Alarms.caseAnswered(tx, id, CaseRow.RESOLVED);
        });
    }

    /** The case needs no answer (a mistaken press, a duplicate). Repeating it with the same reason changes nothing. */
    public Case dismiss(String id, String by, String reason) {
        String rs = text("reason", reason);
        return act(id, r -> {
            if (r.state().equals(CaseRow.DISMISSED) && rs.equals(r.dismissReason())) {
                return false;
            }
            need(r, "dismiss", CaseRow.OPEN, CaseRow.CALLED_BACK);
            return true;
        }, (tx, r) -> {
            String at = tx.append(new CaseEvent.Dismissed(id, by, rs)).at();
            Sql.update(tx.connection(), "UPDATE cases SET state = ?, closed_at = ?, closed_by = ?, dismiss_reason = ? "
                    + "WHERE id = ?", CaseRow.DISMISSED, at, by, rs, id);
            Alarms.caseAnswered(tx, id, CaseRow.DISMISSED);
        });
    }

    /**
     * Logs each deadline newly passed (case.overdue) and raises its case-overdue alarm, once per case and deadline:
     * the flag that says so commits with the event. Returns how many were logged.
     */
    public int sweep() {
        OffsetDateTime probe = now();
        boolean any = store.read(c -> rows(c, "state IN (?, ?) AND (callback_overdue = 0 OR resolve_overdue = 0)",
                CaseRow.OPEN, CaseRow.CALLED_BACK)).stream().anyMatch(r -> late(r, probe) != null);
        if (!any) {
            return 0;
        }
        return store.write(tx -> {
            OffsetDateTime now = tx.now();
            int n = 0;
            for (CaseRow r : rows(tx.connection(), "state IN (?, ?) AND (callback_overdue = 0 OR resolve_overdue = 0)",
                    CaseRow.OPEN, CaseRow.CALLED_BACK)) {
                for (Due due = late(r, now); due != null; due = late(r, now)) {
                    tx.append(new CaseEvent.Overdue(r.id(), due));
                    Sql.update(tx.connection(), "UPDATE cases SET " + (due == Due.CALLBACK ? "callback_overdue"
                            : "resolve_overdue") + " = 1 WHERE id = ?", r.id());
                    Alarms.caseOverdue(tx, r.id(), r.ticket(), r.number(), r.service(), r.counter(), r.officer());
                    n++;
                    r = one(tx.connection(), r.id()).orElseThrow();
                }
            }
            return n;
        });
    }

    /** The first deadline of the row passed and not yet logged, or null. */
    private static Due late(CaseRow r, OffsetDateTime now) {
        if (!r.callbackOverdue() && r.callbackLate(now)) {
            return Due.CALLBACK;
        }
        if (!r.resolveOverdue() && r.resolveLate(now)) {
            return Due.RESOLVE;
        }
        return null;
    }

    /**
     * Cases opened over business days {@code from} to {@code to}: how many, by state and kind, how many are overdue
     * now, and how many were called back and resolved on time (before their deadlines).
     */
    public Map<String, Object> stats(LocalDate from, LocalDate to) {
        OffsetDateTime now = now();
        List<CaseRow> all = store.read(c -> rows(c, "day BETWEEN ? AND ?", from.toString(), to.toString()));
        Map<String, Integer> byState = new LinkedHashMap<>();
        CaseRow.STATES.forEach(s -> byState.put(s, 0));
        Map<String, Integer> byKind = new TreeMap<>();
        for (CaseEvent.Kind k : CaseEvent.Kind.values()) {
            byKind.put(k.wire(), 0);
        }
        int overdue = 0;
        int calledBackOnTime = 0;
        int resolvedOnTime = 0;
        for (CaseRow r : all) {
            byState.merge(r.state(), 1, Integer::sum);
            byKind.merge(r.kind(), 1, Integer::sum);
            if (r.callbackLate(now) || r.resolveLate(now)) {
                overdue++;
            }
            if (r.calledBackAt() != null && !before(r.callbackDue(), r.calledBackAt())) {
                calledBackOnTime++;
            }
            if (r.state().equals(CaseRow.RESOLVED) && !before(r.resolveDue(), r.closedAt())) {
                resolvedOnTime++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("opened", all.size());
        out.put("byState", byState);
        out.put("byKind", byKind);
        out.put("overdue", overdue);
        out.put("calledBackOnTime", calledBackOnTime);
        out.put("resolvedOnTime", resolvedOnTime);
        return out;
    }

    /** Whether the time {@code a} is before {@code b}. */
    private static boolean before(String a, String b) {
        return OffsetDateTime.parse(a).isBefore(OffsetDateTime.parse(b));
    }

    @FunctionalInterface
    private interface Check {
        /** True when the action is to be done; false when it was already done just so; refuses otherwise. */
        boolean check(CaseRow r);
    }

    @FunctionalInterface
    private interface Change {
        void apply(Tx tx, CaseRow r) throws SQLException;
    }

    private Case act(String id, Check check, Change change) {
        return store.write(tx -> {
            CaseRow r = one(tx.connection(), id)
                    .orElseThrow(() -> Problem.UNKNOWN_CASE.exception("no case '" + id + "'"));
            if (check.check(r)) {
                change.apply(tx, r);
            }
            return one(tx.connection(), id).orElseThrow().view(tx.now());
        });
    }

    private static void need(CaseRow r, String action, String... states) {
        if (!List.of(states).contains(r.state())) {
            throw Problem.CASE_STATE.exception("case " + r.id() + " is " + r.state() + "; only a case that is "
                    + String.join(" or ", states) + " can " + action + (r.closed() ? "" : " (or repeat it with the "
                    + "same text)"));
        }
    }

    /** A reply, note or reason: required, at most {@link #MAX_TEXT} characters, never an ID number. */
    private static String text(String field, String v) {
        String s = v == null ? "" : v.strip();
        if (s.isEmpty() || s.length() > MAX_TEXT) {
            throw Problem.CASE_TEXT.exception(field + ": required, 1 to " + MAX_TEXT + " characters");
        }
        if (PersonalId.in(s)) {
            throw Problem.PERSONAL_ID.exception(PersonalId.refusal(field));
        }
        return s;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(store.clock().withZone(store.zone())).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Optional<CaseRow> one(Connection c, String id) throws SQLException {
        return Rows.one(c, CaseRow.class, "SELECT " + COLUMNS + " FROM cases WHERE id = ?", id);
    }

    private static List<CaseRow> rows(Connection c, String where, Object... args) throws SQLException {
        return Rows.list(c, CaseRow.class, "SELECT " + COLUMNS + " FROM cases WHERE " + where
                + " ORDER BY rowid", args);
    }
}
