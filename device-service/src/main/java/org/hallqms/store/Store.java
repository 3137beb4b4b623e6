package org.hallqms.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hallqms.Threads;
import org.hallqms.event.HallEvent;
import org.hallqms.store.WriteQueue.Failure;
import org.hallqms.store.WriteQueue.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file and its one writer path.
 *
 * <p>All writes run on one thread ({@link WriteQueue}). It drains the queue of waiting operations and runs them
 * in one transaction, each inside its own savepoint: a refused operation rolls back alone, the others commit
 * together with a single fsync. That is what lets durable commits (synchronous=FULL) keep up with a busy
 * hall on an SD card. Callers get their result only after the commit, and listeners hear of events only
 * after it: log first, announce second.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    /** The database's file name in the data dir. */
    public static final String FILE = "qms.db";
    private static final int READERS = 4;

    private final Path file;
    private final Clock clock;
    private final ZoneId zone;
    private final Connection writeConnection;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Consumer<List<Committed>>> typedListeners = new CopyOnWriteArrayList<>();
    private final List<AppendHook> appendHooks = new CopyOnWriteArrayList<>();
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(Threads.daemon("qms-announce"));
    private final Checkpoints checkpoints;
    private final WriteQueue writes;
    private volatile boolean open = true;
    private volatile EventHead head;
    // The business day never goes back, even when NTP steps a battery-less board's clock backwards.
    private volatile LocalDate lastDay;
    private String lastDayText; // lastDay as written in the log; the writer's alone
    private PreparedStatement insertEvent;
    // Writes nothing; opens each batch's write transaction (see runBatch). Prepared once: it runs on every batch.
    private final PreparedStatement takeWriteLock;
    private final DataDirLock lock;
    // Why the last write failed, until a later one commits: /health must not say ok while nothing can be written.
    private volatile String writeFailure;

    private Store(Path file, DataDirLock lock, Clock clock, ZoneId zone) throws SQLException {
        this.file = file;
        this.lock = lock;
        this.clock = clock;
        this.zone = zone;
        this.writeConnection = StatementCache.wrap(HallDb.connect(file, false));
        HallDb.MIGRATIONS.migrate(writeConnection);
        Checkpoints.configureWriter(writeConnection);
        writeConnection.setAutoCommit(false);
        this.checkpoints = new Checkpoints(file);
        takeWriteLock = writeConnection.prepareStatement("UPDATE meta SET value = value WHERE 0");
        insertEvent = writeConnection.prepareStatement(
                "INSERT INTO events(seq, id, type, at, day, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)");
        for (int i = 0; i < READERS; i++) {
            readers.add(StatementCache.wrap(HallDb.connect(file, true)));
        }
        this.head = EventLog.head(writeConnection);
        this.lastDay = EventLog.lastDay(writeConnection);
        this.lastDayText = lastDay.toString();
        this.writes = new WriteQueue(batch -> {
            runBatch(batch);
            checkpoints.finishOnWriter(writeConnection);
        }, this::failure);
    }

    /** Opens (creating when needed) {@code qms.db} in the data dir and brings its schema up to date. */
    public static Store open(Path dataDir, Clock clock, ZoneId zone) {
        DataDirLock lock = DataDir.prepareAndLock(dataDir, dataDir.resolve(FILE));
        try {
            return new Store(dataDir.resolve(FILE), lock, clock, zone);
        } catch (SQLException | RuntimeException e) {
            lock.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("cannot open the database in " + dataDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Refuses, naming the holder's PID, when another service holds the data directory; holds nothing itself. */
    public static void checkDataDirFree(Path dataDir) {
        if (Files.isDirectory(dataDir)) {
            DataDirLock.acquire(dataDir).close();
        }
    }

    public Path file() {
        return file;
    }

    /** The current business day in the hall's zone: today by the clock, but never before the last event's day. */
    public LocalDate today() {
        LocalDate byClock = LocalDate.now(clock.withZone(zone));
        LocalDate last = lastDay;
        return byClock.isAfter(last) ? byClock : last;
    }

    public Clock clock() {
        return clock;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The last committed event. */
    public EventHead head() {
        return head;
    }

    /**
     * Called on one thread, in seq order, with each committed batch as typed events beside their rows (the very
     * records that were appended: nothing is read back or parsed again); nothing of a rolled-back operation ever
     * reaches it.
     */
    public void onCommitted(Consumer<List<Committed>> listener) {
        typedListeners.add(listener);
    }

    /**
     * Called inside the write transaction right after an event is appended, for what must commit or roll back
     * with that event whoever appends it (a case opened with its bad rating). A hook may append events itself;
     * it is called for those too.
     */
    public void onAppended(AppendHook hook) {
        appendHooks.add(hook);
    }

    void appended(Tx tx, HallEvent event) {
        for (AppendHook h : appendHooks) {
            try {
                h.appended(tx, event);
            } catch (SQLException e) {
                throw failure("after appending " + event.type() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs {@code op} in the write transaction and returns its result after the commit. A runtime exception
     * thrown by {@code op} rolls back everything it did and is rethrown here unchanged.
     */
    public <T> T write(WriteOp<T> op) {
        return writes.submit(op);
    }

    /** Runs {@code op} on a read-only connection; it sees only committed data. */
    public <T> T read(ReadOp<T> op) {
        Connection c;
        try {
            c = readers.poll(WriteQueue.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
        if (c == null || !open) {
            if (c != null) {
                readers.add(c);
            }
            throw new StoreException("no read connection available", null);
        }
        try {
            return op.apply(c);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * Walks the whole log and checks each hash against its predecessor.
     *
     * @return the first seq whose hash does not follow, or -1 when the chain is whole
     */
    public long firstBrokenSeq() {
        return read(EventLog::firstBrokenSeq);
    }

    /** Reads the event at the current row of a result set that selects the event columns (by name). */
    public static Event readEvent(ResultSet rs) throws SQLException {
        return EventLog.read(rs);
    }

    Event appendEvent(Connection c, String id, String type, String at, String day, String data) {
        EventHead h = head;
        long seq = h.seq() + 1;
        String hash = Event.chain(h.hash(), Event.canonical(seq, id, type, at, day, data));
        try {
            insertEvent.setLong(1, seq);
            insertEvent.setString(2, id);
            insertEvent.setString(3, type);
            insertEvent.setString(4, at);
            insertEvent.setString(5, day);
            insertEvent.setString(6, data);
            insertEvent.setString(7, h.hash());
            insertEvent.setString(8, hash);
            insertEvent.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot append event: " + e.getMessage(), e);
        }
        head = new EventHead(seq, hash);
        // days of one length (yyyy-MM-dd) compare as text: no parse on every append
        if (day.length() == lastDayText.length() ? day.compareTo(lastDayText) > 0 : LocalDate.parse(day).isAfter(lastDay)) {
            lastDay = LocalDate.parse(day);
            lastDayText = day;
        }
        return new Event(seq, id, type, at, day, data, h.hash(), hash);
    }

    private void runBatch(List<Pending<?>> batch) {
        EventHead before = head;
        List<Event> committed = new ArrayList<>();
        List<HallEvent> typed = new ArrayList<>();
        List<Object> results = new ArrayList<>(batch.size());
        List<Runnable> afterCommit = new ArrayList<>();
        boolean wrote = false;
        String failed = null;
        try (Statement s = writeConnection.createStatement()) {
            // SQLite's write lock first, under the busy timeout. A transaction that reads and then writes asks for it
            // without waiting, and gets SQLITE_BUSY at once when another connection holds it at that moment: a press
            // refused with "database is locked" (SyncPullTest's busy days met it in five runs of six). This
            // statement writes nothing; it only opens the write transaction, as BEGIN IMMEDIATE would.
            takeWriteLock.executeUpdate();
            for (Pending<?> p : batch) {
                EventHead opStart = head;
                Tx tx = new Tx(writeConnection, clock, zone, this);
                s.execute("SAVEPOINT op");
                try {
                    results.add(p.op.apply(tx));
                    s.execute("RELEASE op");
                    committed.addAll(tx.events);
                    typed.addAll(tx.typed);
                    afterCommit.addAll(tx.afterCommit);
                } catch (Exception e) {
                    s.execute("ROLLBACK TO op");
                    s.execute("RELEASE op");
                    head = opStart;
                    results.add(new Failure(e));
                    if (e instanceof StoreException || e instanceof SQLException) {
                        failed = e.getMessage();
                    } else {
                        wrote = true; // a domain refusal: the database itself is fine
                    }
                    continue;
                }
                wrote = true;
            }
            writeConnection.commit();
            writeFailure = wrote ? null : failed;
        } catch (SQLException e) {
            head = before;
            writeFailure = "commit failed: " + e.getMessage();
            resync();
            log.error("store: commit failed, {} operations refused: {}", batch.size(), e.getMessage());
            StoreException failure = failure("commit failed: " + e.getMessage(), e);
            batch.forEach(p -> p.future.completeExceptionally(failure));
            return;
        }
        for (Runnable r : afterCommit) {
            try {
                r.run();
            } catch (RuntimeException ex) {
                log.warn("store: after-commit action failed", ex);
            }
        }
        if (!committed.isEmpty() && !typedListeners.isEmpty()) {
            List<Event> events = List.copyOf(committed);
            announcer.execute(() -> announce(events, typed));
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    private void announce(List<Event> events, List<HallEvent> typed) {
        List<Committed> batch = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            batch.add(new Committed(events.get(i), typed.get(i)));
        }
        List<Committed> all = List.copyOf(batch);
        typedListeners.forEach(l -> {
            try {
                l.accept(all);
            } catch (RuntimeException ex) {
                log.warn("store: commit listener failed", ex);
            }
        });
    }

    /** See {@link HallDb#resync}. */
    private void resync() {
        try {
            HallDb.resync(writeConnection);
        } catch (SQLException e) {
            log.warn("store: the write connection could not start a new transaction: {}", e.getMessage());
        }
    }

    /** Why the database cannot take writes right now, or empty when the last write went through. */
    public Optional<String> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** Usable bytes on the data directory's disk, or -1 when the file system cannot say. */
    public long freeBytes() {
        return HallDb.freeBytes(file);
    }

    private StoreException failure(String message, Throwable cause) {
        return HallDb.failure(file, message, cause);
    }

    /** Stops taking writes, finishes what is queued (bounded), closes the file. Safe to call twice. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        writes.close();
        checkpoints.close();
        announcer.shutdown();
        try {
            announcer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            insertEvent.close();
            takeWriteLock.close();
            writeConnection.close();
            for (Connection c : readers) {
                c.close();
            }
        } catch (SQLException e) {
            log.warn("store: close: {}", e.getMessage());
        }
        lock.close();
    }

    /** One operation in the write transaction. */
    @FunctionalInterface
    public interface WriteOp<T> {
        T apply(Tx tx) throws SQLException;
    }

    /** Runs in the write transaction of an appended event; see {@link #onAppended}. */
    @FunctionalInterface
    public interface AppendHook {
        void appended(Tx tx, HallEvent event) throws SQLException;
    }

    /** One read on a read-only connection; it sees only committed data. */
    @FunctionalInterface
    public interface ReadOp<T> {
        T apply(Connection c) throws SQLException;
    }
}
