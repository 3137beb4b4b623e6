package org.hallqms.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.hallqms.Threads;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file and its one writer path.
 *
 * <p>All writes run on one thread. It drains the queue of waiting operations and runs them in one
 * transaction, each inside its own savepoint: a refused operation rolls back alone, the others commit
 * together with a single fsync. That is what lets durable commits (synchronous=FULL) keep up with a busy
 * hall on an SD card. Callers get their result only after the commit, and listeners hear of events only
 * after it: log first, announce second.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final int SCHEMA_VERSION = 6;
    /** The database's file name in the data dir. */
    public static final String FILE = "qms.db";
    private static final int BATCH = 256;
    private static final int READERS = 4;
    private static final long WRITE_TIMEOUT_SECONDS = 30;
    // A hall never sustains writes long enough to reach this; it guards the SD card if something does.
    private static final long WAL_SOFT_LIMIT = 64L << 20;

    private final Path file;
    private final Path walFile;
    private final Clock clock;
    private final ZoneId zone;
    private final Connection writeConnection;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<List<Event>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<Committed>>> typedListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(Threads.daemon("qms-announce"));
    private final Thread writer;
    private final Connection checkpointConnection;
    private final ScheduledExecutorService checkpointer =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("qms-checkpoint"));
    private volatile boolean open = true;
    private long lastWriterCheckpoint = System.nanoTime();
    private volatile EventHead head;
    // The business day never goes back, even when NTP steps a battery-less board's clock backwards.
    private volatile LocalDate lastDay;
    private PreparedStatement insertEvent;
    private final DataDirLock lock;
    // Why the last write failed, until a later one commits: /health must not say ok while nothing can be written.
    private volatile String writeFailure;

    private Store(Path file, DataDirLock lock, Clock clock, ZoneId zone) throws SQLException {
        this.file = file;
        this.lock = lock;
        this.walFile = file.resolveSibling(file.getFileName() + "-wal");
        this.clock = clock;
        this.zone = zone;
        this.writeConnection = StatementCache.wrap(connect(false));
        migrate();
        try (Statement s = writeConnection.createStatement()) {
            // Checkpoints run on their own connection and thread (see checkpoint()), never inside a commit.
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("PRAGMA journal_size_limit = " + WAL_SOFT_LIMIT);
        }
        writeConnection.setAutoCommit(false);
        this.checkpointConnection = connect(false);
        insertEvent = writeConnection.prepareStatement(
                "INSERT INTO events(seq, id, type, at, day, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)");
        for (int i = 0; i < READERS; i++) {
            readers.add(connect(true));
        }
        this.head = loadHead();
        this.lastDay = loadLastDay();
        this.writer = Threads.daemon("qms-writer").newThread(this::writeLoop);
        writer.start();
        checkpointer.scheduleWithFixedDelay(this::checkpoint, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Opens (creating when needed) {@code qms.db} in the data dir and brings its schema up to date. */
    public static Store open(Path dataDir, Clock clock, ZoneId zone) {
        try {
            DataDir.prepare(dataDir, dataDir.resolve(FILE));
        } catch (IOException e) {
            throw new StoreException("cannot open the database in " + dataDir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
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

    private Connection connect(boolean readOnly) throws SQLException {
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

    private void migrate() throws SQLException {
        int version;
        try (Statement s = writeConnection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > SCHEMA_VERSION) {
            throw new SQLException("the database schema is version " + version + ", newer than this service's "
                    + SCHEMA_VERSION + "; run the newer service or restore a backup");
        }
        for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
            String sql = resource("/db/V" + v + ".sql");
            writeConnection.setAutoCommit(false);
            try (Statement s = writeConnection.createStatement()) {
                for (String part : sql.split(";\\s*\\n")) {
                    String stmt = part.replaceAll("(?m)^--.*$", "").trim();
                    if (!stmt.isEmpty()) {
                        s.execute(stmt);
                    }
                }
                s.execute("PRAGMA user_version = " + v);
                writeConnection.commit();
            } catch (SQLException e) {
                writeConnection.rollback();
                throw e;
            } finally {
                writeConnection.setAutoCommit(true);
            }
            log.info("store: schema migrated to version {}", v);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Store.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private EventHead loadHead() throws SQLException {
        try (Statement s = writeConnection.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new EventHead(rs.getLong(1), rs.getString(2)) : new EventHead(0, Event.GENESIS);
        }
    }

    private LocalDate loadLastDay() throws SQLException {
        try (Statement s = writeConnection.createStatement();
             ResultSet rs = s.executeQuery("SELECT day FROM events ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? LocalDate.parse(rs.getString(1)) : LocalDate.MIN;
        }
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

    /**
     * Copies committed WAL pages into the database file without blocking the writer (PASSIVE), and restarts
     * the WAL when it can, so the file stays small on an SD card.
     */
    private void checkpoint() {
        try (Statement s = checkpointConnection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.warn("store: checkpoint failed: {}", e.getMessage());
        }
    }

    /**
     * The background checkpoint copies pages but, under steady writes, is always a little behind, and SQLite
     * restarts the WAL only when it is fully copied as a write begins. So when the WAL has grown past its soft
     * limit, the writer checkpoints the few frames left; the next commit then starts the WAL from the top.
     */
    private void finishCheckpoint() {
        long now = System.nanoTime();
        if (now - lastWriterCheckpoint < 2_000_000_000L) {
            return;
        }
        lastWriterCheckpoint = now;
        if (walFile.toFile().length() < WAL_SOFT_LIMIT) {
            return;
        }
        try (Statement s = writeConnection.createStatement()) {
            writeConnection.commit();
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            log.debug("store: writer checkpoint skipped: {}", e.getMessage());
        }
    }

    /** The last committed event. */
    public EventHead head() {
        return head;
    }

    /** Called on one thread, in seq order, with each committed batch of events. */
    public void onCommit(Consumer<List<Event>> listener) {
        listeners.add(listener);
    }

    /**
     * Called on the same thread as {@link #onCommit} listeners, in seq order, with each committed batch as typed
     * events beside their rows; nothing of a rolled-back operation ever reaches it.
     */
    public void onCommitted(Consumer<List<Committed>> listener) {
        typedListeners.add(listener);
    }

    /**
     * Runs {@code op} in the write transaction and returns its result after the commit. A runtime exception
     * thrown by {@code op} rolls back everything it did and is rethrown here unchanged.
     */
    public <T> T write(WriteOp<T> op) {
        if (!open) {
            throw new StoreException("the store is closed", null);
        }
        Pending<T> p = new Pending<>(op);
        queue.add(p);
        try {
            return p.future.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw failure("write failed: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new StoreException("the database did not answer within " + WRITE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    /** Runs {@code op} on a read-only connection; it sees only committed data. */
    public <T> T read(ReadOp<T> op) {
        Connection c;
        try {
            c = readers.poll(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
        return read(c -> {
            String prev = Event.GENESIS;
            long expectedSeq = 1;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT seq, id, type, at, day, data, prev_hash, hash FROM events ORDER BY seq")) {
                while (rs.next()) {
                    Event e = readEvent(rs);
                    if (e.seq() != expectedSeq || !e.verifies(prev)) {
                        return e.seq();
                    }
                    prev = e.hash();
                    expectedSeq++;
                }
            }
            return -1L;
        });
    }

    /** Reads the event at the current row of a result set selecting all event columns in table order. */
    public static Event readEvent(ResultSet rs) throws SQLException {
        return new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
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
        LocalDate d = LocalDate.parse(day);
        if (d.isAfter(lastDay)) {
            lastDay = d;
        }
        return new Event(seq, id, type, at, day, data, h.hash(), hash);
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>(BATCH);
        while (open || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                runBatch(batch);
                finishCheckpoint();
            } catch (InterruptedException e) {
                // close() interrupts only after the queue has drained or its wait ran out.
                break;
            } catch (RuntimeException | Error e) {
                log.error("store: writer failed on a batch of {}", batch.size(), e);
                for (Pending<?> p : batch) {
                    p.future.completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        EventHead before = head;
        List<Event> committed = new ArrayList<>();
        List<HallEvent> typed = new ArrayList<>();
        List<Object> results = new ArrayList<>(batch.size());
        boolean wrote = false;
        String failed = null;
        try (Statement s = writeConnection.createStatement()) {
            for (Pending<?> p : batch) {
                EventHead opStart = head;
                Tx tx = new Tx(writeConnection, clock, zone, this);
                s.execute("SAVEPOINT op");
                try {
                    results.add(p.op.apply(tx));
                    s.execute("RELEASE op");
                    committed.addAll(tx.events);
                    typed.addAll(tx.typed);
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
        if (!committed.isEmpty() && (!listeners.isEmpty() || !typedListeners.isEmpty())) {
            List<Event> events = List.copyOf(committed);
            announcer.execute(() -> announce(events, typed));
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    private void announce(List<Event> events, List<HallEvent> typed) {
        listeners.forEach(l -> {
            try {
                l.accept(events);
            } catch (RuntimeException e) {
                log.warn("store: commit listener failed", e);
            }
        });
        if (typedListeners.isEmpty()) {
            return;
        }
        List<Committed> all = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event row = events.get(i);
            HallEvent e = typed.get(i);
            if (e == null) {
                try {
                    e = HallEvents.decode(row.type(), row.data());
                } catch (RuntimeException ex) {
                    log.error("store: event {} ({}) cannot be read as a typed event; its listeners miss it",
                            row.seq(), row.type(), ex);
                    continue;
                }
            }
            all.add(new Committed(row, e));
        }
        List<Committed> batch = List.copyOf(all);
        typedListeners.forEach(l -> {
            try {
                l.accept(batch);
            } catch (RuntimeException ex) {
                log.warn("store: commit listener failed", ex);
            }
        });
    }

    /**
     * After a failed commit (a full disk: SQLite has already rolled the transaction back), the driver still
     * believes one is open and every later commit would fail with "no transaction is active", long after the
     * disk has room again. Rolling back and switching autocommit off and on starts a real transaction again.
     */
    private void resync() {
        try {
            writeConnection.rollback();
        } catch (SQLException ignored) {
            // nothing to roll back: SQLite did it
        }
        try {
            writeConnection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the driver's "commit" of a transaction SQLite no longer has
        }
        try {
            writeConnection.setAutoCommit(false);
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
    private StoreException failure(String message, Throwable cause) {
        boolean full = false;
        for (Throwable c = cause; c != null && !full; c = c.getCause()) {
            String m = c.getMessage();
            full = m != null && (m.contains("SQLITE_FULL") || m.contains("disk is full") || m.contains("No space left"));
        }
        long free = freeBytes();
        return new StoreException(message, cause, full || (free >= 0 && free < 512 * 1024));
    }

    /** Stops taking writes, finishes what is queued (bounded), closes the file. Safe to call twice. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            writer.join(10_000);
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
        announcer.shutdown();
        try {
            announcer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending<?> p : queue) {
            p.future.completeExceptionally(new StoreException("the store is closed", null));
        }
        try {
            insertEvent.close();
            writeConnection.close();
            checkpointConnection.close();
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

    /** One read on a read-only connection. */
    @FunctionalInterface
    public interface ReadOp<T> {
        T apply(Connection c) throws SQLException;
    }

    private record Failure(Exception error) {
    }

    private static final class Pending<T> {
        final WriteOp<T> op;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Pending(WriteOp<T> op) {
            this.op = op;
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            if (result instanceof Failure f) {
                future.completeExceptionally(f.error());
            } else {
                future.complete((T) result);
            }
        }
    }
}
