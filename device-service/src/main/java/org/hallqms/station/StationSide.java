package org.hallqms.station;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data side of {@code device-service.jar station}: every configured hall pulled continuously into the
 * station's PostgreSQL by the verified puller of {@code sync-pull}, and the {@link StationView} the console
 * reads. One scheduled task and one pool thread per hall, so a hall that is down, slow or answering garbage
 * (bounded by the client's timeouts) delays no other hall.
 */
public final class StationSide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StationSide.class);
    /**
     * How long a page (1000 events, some hundred kB) or the head may take to begin arriving. A hall answers
     * those in well under a second; a minute (sync-pull's, for 5000-event catch-up pages) kept a hung hall's
     * thread for that long.
     */
    static final Duration FEED_TIMEOUT = Duration.ofSeconds(20);

    private final ScheduledExecutorService pool;
    private final Map<String, HallLoop> loops;
    private final PgStationView view;
    private final Connections reads;
    private final AtomicBoolean closed;

    private StationSide(ScheduledExecutorService pool, Map<String, HallLoop> loops, Connections reads, Clock clock,
                        AtomicBoolean closed) {
        this.pool = pool;
        this.closed = closed;
        this.loops = loops;
        this.reads = reads;
        this.view = new PgStationView(reads, loops, clock);
    }

    /**
     * Brings the schema up to date, registers the halls, and starts pulling them, each at once and then
     * {@code interval} after its previous round ended.
     *
     * @param tokens     the station token per hall (the hall's sync token)
     * @param tokenFiles the file a hall's token was read from ({@link StationFlags#tokenFiles}), read again before
     *                   each round so that a rotated token is taken up; a hall without one keeps its token
     * @param trustPem the halls' pinned certificates for https URLs, or null for the JVM's trust
     * @throws SQLException when the database cannot be reached or its schema is newer than this service's
     * @throws IllegalArgumentException when a hall has no token, or the trust file holds no certificate
     */
    public static StationSide start(String jdbc, Map<String, URI> halls, Map<String, String> tokens,
                                    Map<String, Path> tokenFiles, Path trustPem,
                                    Duration interval, Clock clock) throws SQLException {
        SSLContext tls;
        try {
            tls = trustPem == null ? null : SyncPull.trusting(trustPem);
        } catch (Exception e) {
            throw new IllegalArgumentException(trustPem + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
        for (String hall : halls.keySet()) {
            if (tokens.get(hall) == null) {
                throw new IllegalArgumentException("hall " + hall + " has no station token");
            }
        }
        Map<String, String> storedBroken = new LinkedHashMap<>();
        try (StationDb db = new StationDb(jdbc)) {
            db.open();
            for (Map.Entry<String, URI> h : halls.entrySet()) {
                storedBroken.put(h.getKey(), db.cursor(h.getKey(), h.getValue().toString()).brokenReason());
            }
        }
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(Math.max(1, halls.size()), r -> {
            Thread t = new Thread(r, "station-pull-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        AtomicBoolean closed = new AtomicBoolean();
        Map<String, HallLoop> loops = new LinkedHashMap<>();
        halls.forEach((hall, url) -> loops.put(hall, new HallLoop(hall, url, new HallClient(hall, url,
                tokens.get(hall), tokenFiles.get(hall), tls, FEED_TIMEOUT), jdbc, clock, pool,
                () -> !closed.get(), interval, storedBroken.get(hall))));
        StationSide side = new StationSide(pool, loops, new Connections(jdbc), clock, closed);
        long every = Math.max(1, interval.toMillis());
        for (HallLoop loop : loops.values()) {
            pool.scheduleWithFixedDelay(loop::round, 0, every, TimeUnit.MILLISECONDS);
        }
        log.info("station: pulling {} halls every {} ms: {}", loops.size(), every, loops.keySet());
        return side;
    }

    public StationView view() {
        return view;
    }

    /** Stops pulling: a round in progress ends at its next page or is interrupted; waits at most ten seconds. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("station: a hall's round did not stop within 10 s; closing its connection under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.values().forEach(HallLoop::closeDb);
        reads.close();
        log.info("station: stopped pulling");
    }
}
