package org.hallqms.store;

import org.hallqms.Threads;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;

/**
 * SQLite's native library, loaded ahead on a thread of its own: the driver unpacks it from the jar and compares
 * it byte by byte on the first connection, about 130 ms of a board's start that can run beside the configuration's
 * and the data directory's checks. A failure here is left for {@link Store#open} to report.
 */
public final class NativeLibrary {
    private NativeLibrary() {
    }

    public static void loadAhead() {
        // The driver logs through SLF4J. Set up here, on the caller's thread: a logger asked for on another thread
        // while logging is half set up would be a stand-in whose lines come late, with a note on stderr.
        LoggerFactory.getILoggerFactory();
        Threads.daemon("qms-sqlite-load").newThread(() -> {
            try {
                SQLiteJDBCLoader.initialize();
            } catch (Exception | LinkageError e) {
                // the first connection tries again and says what is wrong
            }
        }).start();
    }
}
