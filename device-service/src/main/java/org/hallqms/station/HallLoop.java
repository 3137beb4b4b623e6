package org.hallqms.station;

import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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
     * and stored all it had; {@code lagEvents}: the hall's head (asked after that round) minus the seq held, null
     * when not known right now (never pulled, the last round failed, broken, or a round hangs);
     * {@code lastError}: why the last round failed, or {@code no answer for N s} while a round hangs; null once
     * one succeeds.
     */
    record Health(Instant pulledAt, Long lagEvents, boolean broken, String brokenReason, String lastError) {
        static final Health UNKNOWN = new Health(null, null, false, null, null);
    }

    /** A round in flight this long after the last good one shows the hall as not answering. */
    static final Duration STALE_FLOOR = Duration.ofSeconds(15);
    /** The longest wait after the hall refused the station's token. */
    static final Duration REFUSED_CAP = Duration.ofMinutes(5);

    final String hall;
    final URI url;
    final HallClient client;
    private final String jdbc;
    private final Clock clock;
    private final Executor pool;
    private final BooleanSupplier go;
    private final long staleNanos;
    private final long refusedNanos;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Health health = Health.UNKNOWN;
    /** The database's broken reason when the station started, until this process's first good round. */
    private volatile String storedBroken;
    /** System.nanoTime of the round in flight's start, 0 when none. */
    private volatile long roundStarted;
    /** System.nanoTime of the last good round's end, or of this loop's creation. */
    private volatile long lastGood = System.nanoTime();
    /** After the hall refused the token: no round before this System.nanoTime unless the token file changes. */
    private long refusedUntil;
    private boolean refusedWait;
    /** The last failure to read the token file, logged once. */
    private String tokenFileError;
    private StationDb db;

    /**
     * @param interval     the time between rounds: a round hanging longer than three of them (at least 15 s)
     *                     shows as {@code no answer}, and a refused token waits ten of them (at most 5 min)
     * @param storedBroken the hall's broken reason stored by an earlier run, or null
     */
    HallLoop(String hall, URI url, HallClient client, String jdbc, Clock clock, Executor pool, BooleanSupplier go,
             Duration interval, String storedBroken) {
        this.hall = hall;
        this.url = url;
        this.client = client;
        this.jdbc = jdbc;
        this.clock = clock;
        this.pool = pool;
        this.go = go;
        this.storedBroken = storedBroken;
        this.staleNanos = Math.max(interval.multipliedBy(3).toNanos(), STALE_FLOOR.toNanos());
        this.refusedNanos = Math.min(interval.multipliedBy(10).toNanos(), REFUSED_CAP.toNanos());
    }

    /**
     * The last round's health; while a round has heard nothing from the hall past the stale limit (a page still
     * arriving counts as an answer), {@code no answer for N s}.
     */
    Health health() {
        Health h = health;
        long started = roundStarted;
        long now = System.nanoTime();
        long heard = client.answeredAt();
        if (started != 0 && !h.broken() && now - lastGood > staleNanos && now - heard > staleNanos) {
            long secs = Duration.ofNanos(now - (heard - started > 0 ? heard : started)).toSeconds();
            return new Health(h.pulledAt(), null, false, null, h.lastError() != null ? h.lastError()
                    + "; no answer for " + secs + " s" : "no answer for " + secs + " s");
        }
        return h;
    }

    /**
     * Why the hall's chain is broken, or null: this run's finding, or before this run's first good round the one
     * stored by an earlier run (the console shows it the same way).
     */
    String brokenReason() {
        Health h = health;
        if (h.broken()) {
            return h.brokenReason();
        }
        return h.pulledAt() == null ? storedBroken : null;
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
                if (mayGo()) {
                    roundStarted = System.nanoTime();
                    once();
                }
            } catch (RuntimeException | Error e) {
                log.warn("station: hall {}: round failed: {}", hall, e.toString());
                health = failed("failed: " + e);
            } finally {
                roundStarted = 0;
                running.set(false);
            }
        }
    }

    /** Reloads a changed token file; false while waiting out a refused token that has not changed. */
    private boolean mayGo() {
        boolean changed = false;
        try {
            changed = client.reloadToken();
            tokenFileError = null;
        } catch (IOException e) {
            if (!e.toString().equals(tokenFileError)) {
                log.warn("station: hall {}: cannot read its token file, keeping the token in use: {}", hall,
                        e.toString());
            }
            tokenFileError = e.toString();
        }
        if (changed) {
            log.info("station: hall {}: its token file changed; using the new token", hall);
            refusedWait = false;
        }
        return !refusedWait || System.nanoTime() - refusedUntil >= 0;
    }

    private void once() {
        Health was = health;
        if (was.broken()) {
            return;
        }
        refusedWait = false;
        try {
            if (db == null || !db.isOpen()) {
                closeDb();
                db = new StationDb(jdbc);
                db.open();
            }
            long seq = HallPuller.pull(db, client, url.toString(), PAGE, go);
            long head = client.head();
            health = new Health(clock.instant(), Math.max(0, head - seq), false, null, null);
            lastGood = System.nanoTime();
            storedBroken = null;
            if (was.lastError() != null) {
                log.info("station: hall {}: reachable again, at seq {}", hall, seq);
            }
        } catch (SyncPull.ChainBroken e) {
            log.error("station: hall {}: {}; this hall is not pulled further until its log is explained", hall,
                    e.getMessage());
            health = new Health(was.pulledAt(), null, true, e.getMessage(), null);
        } catch (HallClient.Refused e) {
            if (e.status == 401 || e.status == 403) {
                // every retry with a refused token counts against the hall's per-address limit (429 for all
                // clients on this machine): wait, unless the token file changes meanwhile
                refusedWait = true;
                refusedUntil = System.nanoTime() + refusedNanos;
                health = failed("refused: " + e.getMessage() + " (next try in "
                        + Duration.ofNanos(refusedNanos).toSeconds() + " s, or once the token file changes)");
            } else {
                health = failed("refused: " + e.getMessage());
            }
        } catch (HallClient.Garbage e) {
            health = failed("garbage: " + e.getMessage());
        } catch (java.net.http.HttpTimeoutException e) {
            health = failed((HallClient.notSent(e) ? "unreachable: " : "no answer: ") + e.getMessage());
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
        return new Health(was.pulledAt(), null, was.broken(), was.brokenReason(), why);
    }

    /** Called once the pool has stopped (or given up waiting). */
    void closeDb() {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
