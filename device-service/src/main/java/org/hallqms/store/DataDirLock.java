package org.hallqms.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds the data directory for one service process. Two services on one SQLite file both believe they own the
 * event log's head: each then refuses the other's next sequence number, and tickets stop. The OS lock goes away
 * with the process, so a killed service never leaves a stale lock behind; the file's text (the holder's PID) is
 * only there to name it in the refusal.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "qms.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this very JVM holds it already (a second Hall in one process)
            }
            if (l == null) {
                String holder = holder(ch);
                ch.close();
                throw new StoreException("the data directory " + dataDir.toAbsolutePath() + " is in use by another "
                        + "service" + (holder.isEmpty() ? "" : " (PID " + holder + ")") + "; stop it first, or give "
                        + "this one its own QMS_DATA_DIR", null);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new DataDirLock(ch, l);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new StoreException("cannot lock the data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("\\d{1,10}") ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process is stopping; the OS drops the lock with it anyway
        }
    }
}
