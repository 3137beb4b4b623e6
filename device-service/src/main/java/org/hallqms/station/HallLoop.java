package org.hallqms.station;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hall's pull in the station process: its own client, its own database connection and its own health, so a
 * hall that is down, slow or broken holds up nothing but itself. Rounds never overlap; a round asked for while
 * one runs (a case action just forwarded) runs right after it.
 */
final class HallLoop {
    private static final Logger log = LoggerFactory.getLogger(HallLoop.class);
    /** Events per page: the feed's default, so a round's transactions stay short. */
    static final int PAGE = 1000;

    /**
     * What the console shows of a hall's sync. {@code pulledAt}: the end of the last round that reached the hall
     * and stored all it had; {@code lagEvents}: the hall's head (asked after that round) minus the seq held;
     * {@code lastError}: why the last round failed, null once one succeeds.
     */
    record Health(Instant pulledAt, long lagEvents, boolean broken, String brokenReason, String lastError) {
        static final Health UNKNOWN = new Health(null, 0, false, null, null);
    }

    final String hall;
    final URI url;
    final HallClient client;
    private final String jdbc;
    private final Clock clock;
    private final Executor pool;
    private final BooleanSupplier go;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Health health = Health.UNKNOWN;
    private StationDb db;

    HallLoop(String hall, URI url, HallClient client, String jdbc, Clock clock, Executor pool, BooleanSupplier go) {
        this.hall = hall;
        this.url = url;
        this.client = client;
        this.jdbc = jdbc;
        this.clock = clock;
        this.pool = pool;
        this.go = go;
    }

    Health health() {
        return health;
    }

    /** Asks for a round now, on the pool, without waiting for it. */
    void pullSoon() {
        if (pool == null) {
            return;
        }
        try {
            pool.execute(this::round);
        } catch (RejectedExecutionException e) {
            // closing: no more rounds
        }
    }

    /** One round, or none if one is running (that one then goes again). Never throws: a scheduled task must live. */
    void round() {
        pending.set(true);
        while (pending.get() && go.getAsBoolean() && running.compareAndSet(false, true)) {
            try {
                pending.set(false);
                once();
            } catch (RuntimeException | Error e) {
                log.warn("station: hall {}: round failed: {}", hall, e.toString());
                health = failed("failed: " + e);
            } finally {
                running.set(false);
            }
        }
    }

    private void once() {
        Health was = health;
        if (was.broken()) {
            return;
        }
        try {
            if (db == null || !db.isOpen()) {
                closeDb();
                db = new StationDb(jdbc);
                db.open();
            }
            long seq = HallPuller.pull(db, client, url.toString(), PAGE, go);
            long head = client.head();
            health = new Health(clock.instant(), Math.max(0, head - seq), false, null, null);
            if (was.lastError() != null) {
                log.info("station: hall {}: reachable again, at seq {}", hall, seq);
            }
        } catch (SyncPull.ChainBroken e) {
            log.error("station: hall {}: {}; this hall is not pulled further until its log is explained", hall,
                    e.getMessage());
            health = new Health(was.pulledAt(), was.lagEvents(), true, e.getMessage(), null);
        } catch (HallClient.Refused e) {
            health = failed("refused: " + e.getMessage());
        } catch (HallClient.Garbage e) {
            health = failed("garbage: " + e.getMessage());
        } catch (IOException e) {
            health = failed("unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (SQLException e) {
            closeDb();
            health = failed("database: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Health failed(String why) {
        Health was = health;
        if (!why.equals(was.lastError())) {
            log.warn("station: hall {}: {}", hall, why);
        }
        return new Health(was.pulledAt(), was.lagEvents(), was.broken(), was.brokenReason(), why);
    }

    /** Called once the pool has stopped (or given up waiting). */
    void closeDb() {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
