package org.hallqms.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hallqms.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the WAL small on an SD card. Checkpoints run on their own connection and thread, never inside a commit;
 * the writer only finishes one when the WAL has outgrown its soft limit.
 */
final class Checkpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    // A hall never sustains writes long enough to reach this; it guards the SD card if something does.
    static final long WAL_SOFT_LIMIT = 64L << 20;

    private final Path walFile;
    private final Connection connection;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-checkpoint"));
    private long lastWriterCheckpoint = System.nanoTime();

    Checkpoints(Path file) throws SQLException {
        this.walFile = file.resolveSibling(file.getFileName() + "-wal");
        this.connection = HallDb.connect(file, false);
        scheduler.scheduleWithFixedDelay(this::checkpoint, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Turns SQLite's own checkpoint at commit off on the write connection: this class does it instead. */
    static void configureWriter(Connection writer) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("PRAGMA journal_size_limit = " + WAL_SOFT_LIMIT);
        }
    }

    /**
     * Copies committed WAL pages into the database file without blocking the writer (PASSIVE), and restarts
     * the WAL when it can, so the file stays small on an SD card.
     */
    void checkpoint() {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.warn("store: checkpoint failed: {}", e.getMessage());
        }
    }

    /**
     * The background checkpoint copies pages but, under steady writes, is always a little behind, and SQLite
     * restarts the WAL only when it is fully copied as a write begins. So when the WAL has grown past its soft
     * limit, the writer checkpoints the few frames left; the next commit then starts the WAL from the top.
     * Runs on the writer thread, between batches.
     */
    void finishOnWriter(Connection writer) {
        long now = System.nanoTime();
        if (now - lastWriterCheckpoint < 2_000_000_000L) {
            return;
        }
        lastWriterCheckpoint = now;
        if (walFile.toFile().length() < WAL_SOFT_LIMIT) {
            return;
        }
        try (Statement s = writer.createStatement()) {
            writer.commit();
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.debug("store: writer checkpoint skipped: {}", e.getMessage());
        }
    }

    /** Stops the schedule and checkpoints once more, so a clean stop leaves little WAL behind. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("store: close: {}", e.getMessage());
        }
    }
}
