package org.hallqms.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.hallqms.jdbc.Migrations;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file's settings and schema: how every connection to it is opened, the hall's migrations, and what
 * the disk says when a write fails.
 */
final class HallDb {
    /** The hall schema's scripts, {@code db/hall/V1.sql …}; the version is SQLite's {@code user_version}. */
    static final Migrations MIGRATIONS =
            Migrations.of("hall", "/db/hall", 7, Migrations.Versions.SQLITE_USER_VERSION);

    private HallDb() {
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        cfg.setBusyTimeout(10_000);
        cfg.enforceForeignKeys(true);
        if (readOnly) {
            cfg.setReadOnly(true);
        }
        return cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /**
     * After a failed commit (a full disk: SQLite has already rolled the transaction back), the driver still
     * believes one is open and every later commit would fail with "no transaction is active", long after the
     * disk has room again. Rolling back and switching autocommit off and on starts a real transaction again.
     */
    static void resync(Connection c) throws SQLException {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // nothing to roll back: SQLite did it
        }
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the driver's "commit" of a transaction SQLite no longer has
        }
        c.setAutoCommit(false);
    }

    /** Usable bytes on the disk holding {@code file}, or -1 when the file system cannot say. */
    static long freeBytes(Path file) {
        try {
            return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * A failed write, marked when the disk is full. SQLite says so in several ways (SQLITE_FULL, or an I/O error
     * on the WAL that could not grow), so the free space decides too: the kiosk must tell the same thing each time.
     */
    static StoreException failure(Path file, String message, Throwable cause) {
        boolean full = false;
        for (Throwable c = cause; c != null && !full; c = c.getCause()) {
            String m = c.getMessage();
            full = m != null && (m.contains("SQLITE_FULL") || m.contains("disk is full") || m.contains("No space left"));
        }
        long free = freeBytes(file);
        return new StoreException(message, cause, full || (free >= 0 && free < 512 * 1024));
    }
}
