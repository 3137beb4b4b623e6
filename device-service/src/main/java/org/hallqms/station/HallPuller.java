package org.hallqms.station;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verified pull of one hall, shared by {@code sync-pull} and the station console's loop: page after page
 * from the stored cursor, each event checked against its predecessor, each page stored with the cursor in one
 * transaction. A break stores what verified before it and marks the hall broken.
 */
final class HallPuller {
    private static final Logger log = LoggerFactory.getLogger(HallPuller.class);
    /** A round that pulled this many events or more was a catch-up, logged at INFO. */
    static final int CATCH_UP = 1000;

    /** Pages read ahead at once, across halls. */
    private static final Semaphore AHEAD_PAGES = new Semaphore(2);
    /** Fetches and verifies a hall's next page while the current one is written (idle threads end after a minute). */
    private static final ExecutorService AHEAD = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sync-pull-fetch");
        t.setDaemon(true);
        return t;
    });

    private HallPuller() {
    }

    /**
     * Pulls until the hall has nothing more (or {@code go} turns false).
     *
     * @return the seq the station now holds for this hall
     */
    static long pull(StationDb db, HallClient h, String url, int limit, BooleanSupplier go)
            throws SyncPull.ChainBroken, IOException, InterruptedException, SQLException {
        StationDb.Cursor cur = db.cursor(h.hall(), url);
        EventHead at = cur.head();
        long start = at.seq();
        long t0 = System.nanoTime();
        // The next page is fetched and verified while this one is written: the hall and PostgreSQL work at once.
        Pending next = fetch(h, at, limit);
        try {
            while (go.getAsBoolean()) {
                Fetched page;
                try {
                    page = waitFor(next);
                } catch (HallClient.Refused e) {
                    if (e.type.endsWith(":cursor-beyond-head")) {
                        String why = "the hall's log is shorter than the " + at.seq() + " events already pulled: "
                                + e.getMessage() + " (its data was replaced or restored from an older backup)";
                        db.markBroken(h.hall(), at.seq(), why);
                        throw new SyncPull.ChainBroken(at.seq(), why);
                    }
                    throw e;
                }
                next = page.more() && page.bad() == null ? fetch(h, page.end(), limit) : null;
                if (!db.append(h.hall(), at, page.good())) {
                    // another puller moved this hall's cursor: continue from where it is now
                    cancel(next);
                    at = db.cursor(h.hall(), url).head();
                    next = fetch(h, at, limit);
                    continue;
                }
                at = page.end();
                if (page.bad() != null) {
                    db.markBroken(h.hall(), page.bad().seq, page.bad().getMessage());
                    throw page.bad();
                }
                if (!page.more()) {
                    break;
                }
            }
        } finally {
            cancel(next);
        }
        // A catch-up is worth a line; a live hall's few events every round are not (INFO is for lifecycle).
        if (at.seq() - start >= CATCH_UP) {
            log.info("sync-pull: hall {}: {} events pulled and verified in {} ms, now at seq {}", h.hall(),
                    at.seq() - start, (System.nanoTime() - t0) / 1_000_000, at.seq());
        } else if (at.seq() > start) {
            log.debug("sync-pull: hall {}: {} events pulled, now at seq {}", h.hall(), at.seq() - start, at.seq());
        }
        return at.seq();
    }

    /** A fetched page: the events that follow on from where it started, up to the first that does not. */
    private record Fetched(List<Event> good, EventHead end, SyncPull.ChainBroken bad, boolean more) {
    }

    /**
     * The page after {@code from}: read ahead on {@link #AHEAD} while a permit is free, else fetched by the caller
     * when it asks for it. Fifty halls catching up at once overlap each other anyway, and fifty read-ahead pages
     * would double what the station holds in memory.
     */
    private static Pending fetch(HallClient h, EventHead from, int limit) {
        FutureTask<Fetched> task = new FutureTask<>(() -> {
            HallClient.Page page = h.page(from.seq(), limit);
            List<Event> good = new ArrayList<>(page.events().size());
            EventHead prev = from;
            for (Event e : page.events()) {
                SyncPull.ChainBroken bad = check(prev, e);
                if (bad != null) {
                    return new Fetched(good, prev, bad, page.more());
                }
                good.add(e);
                prev = new EventHead(e.seq(), e.hash());
            }
            return new Fetched(good, prev, null, page.more());
        });
        boolean ahead = AHEAD_PAGES.tryAcquire();
        Pending p = new Pending(task, ahead ? new AtomicBoolean() : null);
        if (ahead) {
            try {
                AHEAD.execute(task);
            } catch (RuntimeException e) {
                p.release();
                throw e;
            }
        }
        return p;
    }

    /** A page asked for; {@code permit} is set when it is read ahead and holds one of {@link #AHEAD_PAGES}. */
    private record Pending(FutureTask<Fetched> task, AtomicBoolean permit) {
        void release() {
            if (permit != null && permit.compareAndSet(false, true)) {
                AHEAD_PAGES.release();
            }
        }
    }

    private static Fetched waitFor(Pending p) throws IOException, InterruptedException {
        try {
            if (p.permit() == null) {
                p.task().run();
            }
            return p.task().get();
        } catch (InterruptedException e) {
            p.task().cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } finally {
            p.release();
        }
    }

    private static void cancel(Pending p) {
        if (p != null) {
            p.task().cancel(true);
            p.release();
        }
    }

    /** Null when {@code e} follows {@code prev}; otherwise the first bad seq and what is wrong with it. */
    static SyncPull.ChainBroken check(EventHead prev, Event e) {
        long want = prev.seq() + 1;
        if (e.seq() > want) {
            return new SyncPull.ChainBroken(want, "event " + want + " is missing: the hall sent seq " + e.seq()
                    + " after " + prev.seq() + " (a row was deleted)");
        }
        if (e.seq() < want) {
            return new SyncPull.ChainBroken(e.seq(), "the hall sent seq " + e.seq() + " again after " + prev.seq());
        }
        if (!e.prevHash().equals(prev.hash())) {
            return new SyncPull.ChainBroken(e.seq(), "event " + e.seq() + " does not follow event " + prev.seq()
                    + ": its prevHash " + e.prevHash() + " is not " + prev.hash() + " (an earlier row was altered "
                    + "and its hash recomputed, or this row was)");
        }
        if (!e.verifies(prev.hash())) {
            return new SyncPull.ChainBroken(e.seq(), "event " + e.seq() + " (" + e.type() + ") was altered: its "
                    + "content does not match its hash");
        }
        return null;
    }
}
