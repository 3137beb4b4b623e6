package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hallqms.Problem;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.CounterDef;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.store.Json;
import org.hallqms.store.Once;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.hallqms.ticket.CounterCommand.Caller;
import org.hallqms.ticket.CounterCommand.Console;
import org.hallqms.ticket.TicketEngine.Also;
import org.hallqms.ticket.TicketEngine.FinishHook;
import org.hallqms.ticket.TicketState.Move;

/**
 * Where a ticket is called and served: a {@link CounterCommand} carried out at a counter, in one write with its
 * event, whoever sent it. Answers with the counter as its console shows it afterwards.
 */
public final class CounterActions {
    private final Store store;
    private final CatalogService catalog;
    private final CounterDesk desk;
    private final DayRoll dayRoll;
    private final ServiceTimes times;
    private final WaitingLine line;
    private final int priorityRun;
    private final int maxRecalls;
    private final List<FinishHook> finishHooks = new CopyOnWriteArrayList<>();

    CounterActions(Store store, CatalogService catalog, CounterDesk desk, DayRoll dayRoll, ServiceTimes times,
                   WaitingLine line, int priorityRun, int maxRecalls) {
        this.store = store;
        this.catalog = catalog;
        this.desk = desk;
        this.dayRoll = dayRoll;
        this.times = times;
        this.line = line;
        this.priorityRun = priorityRun;
        this.maxRecalls = maxRecalls;
    }

    void addFinishHook(FinishHook hook) {
        finishHooks.add(hook);
    }

    /**
     * Carries out {@code command} at {@code counter} for {@code by}; {@code also} (may be null) runs in the same
     * transaction with the result (a device's ack, say). Requests are checked before anything is read.
     */
    public CounterView apply(String counter, Caller by, CounterCommand command, Also also) {
        return write(counter, by, command, true, tx -> Optional.empty(), (tx, v) -> {
            if (also != null) {
                also.apply(tx, v);
            }
            return v;
        });
    }

    /**
     * The same, once per request (a device's message id): a request {@code once} finds answered before gets that
     * answer again and nothing is carried out, whatever the counter's state now; otherwise the command runs and
     * {@code once} keeps its answer in the same transaction (no counter view is read for it).
     */
    public <T> T applyOnce(String counter, Caller by, CounterCommand command, Once<T> once) {
        return write(counter, by, command, false, once::earlier, (tx, v) -> once.answer(tx));
    }

    private interface Earlier<T> {
        Optional<T> find(Tx tx) throws SQLException;
    }

    private interface Answer<T> {
        T of(Tx tx, CounterView v) throws SQLException;
    }

    private <T> T write(String counter, Caller by, CounterCommand command, boolean view, Earlier<T> earlier,
                        Answer<T> answer) {
        CounterCommand cmd = checked(counter, command);
        Catalog cat = catalog.current();
        CounterDef def = cat.counter(counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        dayRoll.rollDay();
        return store.write(tx -> {
            Optional<T> first = earlier.find(tx);
            if (first.isPresent()) {
                return first.get(); // as first answered, whatever the counter's state is now
            }
            CounterRow row = by instanceof Console console ? desk.authorize(tx, counter, console.token())
                    : desk.requireSession(tx, counter);
            CounterView.Notice notice = run(tx, cat, def, row, cmd);
            CounterView v = view ? QueueViews.counterView(tx.connection(), cat, def, tx.day().toString(), notice) : null;
            return answer.of(tx, v);
        });
    }

    /** The request's own checks, against the catalogue but not the queue; a finish comes back normalised. */
    private CounterCommand checked(String counter, CounterCommand command) {
        if (command instanceof CounterCommand.Finish f) {
            return checkedFinish(f);
        }
        if (command instanceof CounterCommand.Transfer t) {
            Catalog cat = catalog.current();
            if ((t.toService() == null) == (t.toCounter() == null)) {
                throw Problem.INVALID_REQUEST.exception("give exactly one of 'service' or 'counter' to transfer to");
            }
            if (t.toService() != null && cat.service(t.toService()).isEmpty()) {
                throw Problem.UNKNOWN_SERVICE.exception("no service '" + t.toService() + "'");
            }
            if (t.toCounter() != null && cat.counter(t.toCounter()).isEmpty()) {
                throw Problem.UNKNOWN_COUNTER.exception("no counter '" + t.toCounter() + "'");
            }
            if (counter.equals(t.toCounter())) {
                throw Problem.INVALID_REQUEST.exception("counter: cannot transfer a ticket to its own counter");
            }
        }
        return command;
    }

    private CounterCommand.Finish checkedFinish(CounterCommand.Finish f) {
        String outcome = f.outcome();
        if (!outcome.equals("done") && !outcome.equals("incomplete")) {
            throw Problem.INVALID_REQUEST.exception("outcome: must be 'done' or 'incomplete'");
        }
        boolean hasMissing = f.missing() != null && !f.missing().isEmpty();
        if (outcome.equals("done")) {
            if (hasMissing || f.reason() != null) {
                throw Problem.INVALID_REQUEST.exception("missing and reason: only an incomplete finish has them");
            }
            return new CounterCommand.Finish("done", null, null, f.note());
        }
        Catalog cat = catalog.current();
        String why = f.reason() != null ? f.reason() : hasMissing ? Catalog.MISSING_MATERIAL : null;
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
        return new CounterCommand.Finish(outcome, hasMissing ? List.copyOf(f.missing()) : List.of(), why, f.note());
    }

    private static String reasonCodes(Catalog cat) {
        return String.join(", ", cat.incompleteReasons().stream().map(Catalog.Reason::code).toList());
    }

    private CounterView.Notice run(Tx tx, Catalog cat, CounterDef def, CounterRow row, CounterCommand cmd)
            throws SQLException {
        if (cmd instanceof CounterCommand.Next) {
            callNext(tx, cat, def, row);
        } else if (cmd instanceof CounterCommand.Call c) {
            requireFree(row);
            Ticket t = find(tx.connection(), tx.day().toString(), c.ticket());
            TicketState.require(t, Move.CALL);
            call(tx, row, t, row.priorityRun());
        } else if (cmd instanceof CounterCommand.Recall) {
            recall(tx, row);
        } else if (cmd instanceof CounterCommand.Start) {
            Ticket t = current(tx.connection(), row, Move.START);
            Tickets.started(tx.connection(), t.id(), tx.now().toString());
            TicketEvents.started(tx, t, row);
        } else if (cmd instanceof CounterCommand.Finish f) {
            return finish(tx, cat, def, row, f);
        } else if (cmd instanceof CounterCommand.NoShow) {
            Ticket t = current(tx.connection(), row, Move.NO_SHOW);
            Tickets.noShow(tx.connection(), t.id(), tx.now().toString());
            CounterDesk.setTicket(tx.connection(), row.id(), null, row.priorityRun());
            TicketEvents.noShow(tx, t, row);
        } else if (cmd instanceof CounterCommand.Transfer tr) {
            Ticket t = current(tx.connection(), row, Move.TRANSFER);
            String service = tr.toService() != null ? tr.toService() : t.service();
            Tickets.transferred(tx.connection(), t.id(), service, tr.toCounter());
            // back in a line: its service's, or a counter's own (which no one counts as ahead)
            tx.afterCommit(() -> {
                line.left(t.day(), t.service(), t.rank(), t.pos());
                if (tr.toCounter() == null) {
                    line.joined(t.day(), service, t.rank(), t.pos());
                }
            });
            CounterDesk.setTicket(tx.connection(), row.id(), null, row.priorityRun());
            TicketEvents.transferred(tx, t, row, service, tr.toCounter());
        } else if (cmd instanceof CounterCommand.Pause p) {
            desk.pause(tx, row, p.reason());
        } else if (cmd instanceof CounterCommand.Resume) {
            desk.resume(tx, row);
        }
        return null;
    }

    private void callNext(Tx tx, Catalog cat, CounterDef def, CounterRow row) throws SQLException {
        String counter = row.id();
        requireFree(row);
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
    }

    private void call(Tx tx, CounterRow row, Ticket t, int run) throws SQLException {
        OffsetDateTime now = tx.now();
        tx.afterCommit(() -> line.left(t.day(), t.service(), t.rank(), t.pos()));
        Tickets.called(tx.connection(), t.id(), row.id(), row.officer(), now.toString(),
                ServiceTimes.seconds(t.issuedAt(), now));
        CounterDesk.setTicket(tx.connection(), row.id(), t.id(), run);
        TicketEvents.called(tx, t, row);
    }

    private void recall(Tx tx, CounterRow row) throws SQLException {
        Ticket t = current(tx.connection(), row, Move.RECALL);
        if (t.recalls() >= maxRecalls) {
            throw Problem.RECALL_LIMIT.exception(t.number() + " has been recalled " + t.recalls()
                    + " times; start it or mark it as a no-show");
        }
        Tickets.recalled(tx.connection(), t.id());
        TicketEvents.recalled(tx, t, row, t.recalls() + 1);
    }

    private CounterView.Notice finish(Tx tx, Catalog cat, CounterDef def, CounterRow row, CounterCommand.Finish f)
            throws SQLException {
        Ticket t = current(tx.connection(), row, Move.FINISH);
        OffsetDateTime now = tx.now();
        List<String> miss = f.missing();
        String reason = f.reason();
        long secs = ServiceTimes.seconds(t.startedAt() != null ? t.startedAt() : t.calledAt(), now);
        Tickets.finished(tx.connection(), t.id(), f.outcome(), miss == null || miss.isEmpty() ? null : Json.write(miss),
                reason, f.note(), now.toString(), secs);
        CounterDesk.setTicket(tx.connection(), row.id(), null, row.priorityRun());
        times.add(t.service(), (int) ServiceTimes.seconds(t.calledAt(), now));
        TicketEvents.finished(tx, t, row, f.outcome(), secs, miss, reason);
        for (FinishHook h : finishHooks) {
            h.onFinish(tx, t, row, f.outcome());
        }
        if (reason == null) {
            return null;
        }
        ServiceType st = cat.service(t.service()).orElseThrow();
        String reasonName = reason.equals(Catalog.MISSING_MATERIAL) ? null
                : cat.incompleteReason(reason).map(r -> r.name().zh()).orElse(reason);
        return new CounterView.Notice(cat.hall().name(), t.number(), st.name().zh(), miss, reason, reasonName,
                st.timeLimitMinutes(), def.name(), cat.hall().contact(), f.note());
    }

    private static void requireFree(CounterRow row) {
        if (row.state().equals("paused")) {
            throw Problem.COUNTER_PAUSED.exception("counter " + row.id() + " is paused (" + row.reason()
                    + "); resume it first");
        }
        if (row.ticket() != null) {
            throw Problem.COUNTER_BUSY.exception("finish, transfer or mark as no-show the current ticket first");
        }
    }

    /** The counter's current ticket, refused unless its state allows {@code move}. */
    private static Ticket current(Connection c, CounterRow row, Move move) throws SQLException {
        if (row.ticket() == null) {
            throw Problem.NO_CURRENT_TICKET.exception("counter " + row.id() + " has no current ticket; call one first");
        }
        Ticket t = Tickets.byId(c, row.ticket()).orElseThrow();
        TicketState.require(t, move);
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
}
