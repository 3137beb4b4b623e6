package org.hallqms.rating;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterRow;
import org.hallqms.event.Outcome;
import org.hallqms.event.RatingEvent;
import org.hallqms.event.Wire;
import org.hallqms.store.Json;
import org.hallqms.store.Once;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.hallqms.ticket.Ticket;
import org.hallqms.rating.RatingRefused.Why;
import org.hallqms.ticket.TicketEngine;

/**
 * Opens a session on the counter's evaluator when a ticket is finished (in the same transaction), takes the
 * first valid rating for it, and closes it as not rated when its time runs out. Timeouts run on a monotonic
 * clock; {@code expiresAt} is for the device's display.
 */
public final class RatingService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, device, counter, ticket, number, service, officer, state, result, "
            + "opened_at, expires_at";

    private final Store store;
    private final CatalogService catalog;
    private final int timeoutSeconds;
    private final LongSupplier nanoTime;
    private final Map<String, Long> deadlines = new ConcurrentHashMap<>();

    public RatingService(Store store, CatalogService catalog, TicketEngine engine, int timeoutSeconds,
                         LongSupplier nanoTime) {
        this.store = store;
        this.catalog = catalog;
        this.timeoutSeconds = timeoutSeconds;
        this.nanoTime = nanoTime;
        engine.addFinishHook(this::openSession);
    }

    /** After a restart, open sessions get the time they had left (by the wall clock, never more than the timeout). */
    public void start() {
        OffsetDateTime now = OffsetDateTime.now(store.clock());
        for (RatingSession s : openSessions()) {
            long left = Duration.between(now, OffsetDateTime.parse(s.expiresAt())).toNanos();
            deadlines.put(s.id(), nanoTime.getAsLong() + Math.max(0, Math.min(left, timeoutSeconds * 1_000_000_000L)));
        }
    }

    private void openSession(Tx tx, Ticket t, CounterRow counter, String outcome) throws SQLException {
        Optional<Catalog.Device> evaluator = catalog.current().devices().stream()
                .filter(d -> d.kind().equals("evaluator") && counter.id().equals(d.counter())).findFirst();
        if (evaluator.isEmpty()) {
            return;
        }
        String device = evaluator.get().id();
        Connection c = tx.connection();
        for (RatingSession open : sessions(c, "SELECT " + COLUMNS + " FROM rating_sessions WHERE device = ? AND "
                + "state = 'open'", device)) {
            // The next citizen is already finished: the previous one did not rate.
            close(tx, open, RatingEvent.NotRatedReason.SUPERSEDED);
        }
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        OffsetDateTime expires = tx.now().plusSeconds(timeoutSeconds);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rating_sessions(id, device, counter, ticket, number, "
                + "service, officer, state, opened_at, expires_at) VALUES (?,?,?,?,?,?,?,'open',?,?)")) {
            ps.setString(1, id);
            ps.setString(2, device);
            ps.setString(3, counter.id());
            ps.setString(4, t.id());
            ps.setString(5, t.number());
            ps.setString(6, t.service());
            ps.setString(7, counter.officer());
            ps.setString(8, tx.now().toString());
            ps.setString(9, expires.toString());
            ps.executeUpdate();
        }
        tx.append(new RatingEvent.Requested(id, device, t.id(), t.number(), t.service(), counter.id(), counter.officer(),
                Wire.parse(Outcome.class, outcome), expires));
        deadlines.put(id, nanoTime.getAsLong() + timeoutSeconds * 1_000_000_000L);
    }

    /** Runs in the same commit as a recorded rating: an adapter keeps its answer with the rating it answers. */
    @FunctionalInterface
    public interface Also {
        void run(Tx tx) throws SQLException;
    }

    /**
     * Records a rating, or refuses it ({@link RatingRefused}, nothing changed). The rating, its event, the closed
     * session and whatever {@code also} writes commit together.
     */
    public void rate(Rate r, Also also) {
        rate(r, new Once<Void>() {
            @Override
            public Optional<Void> earlier(Tx tx) {
                return Optional.empty();
            }

            @Override
            public Void answer(Tx tx) throws SQLException {
                also.run(tx);
                return null;
            }
        });
    }

    /**
     * The same, once per request: a request {@code once} finds answered before gets that answer again and changes
     * nothing; otherwise the rating commits with the answer {@code once} keeps. One transaction either way.
     */
    public <T> T rate(Rate r, Once<T> once) {
        Set<String> known = catalog.current().ratingReasons().stream().map(Catalog.Reason::code)
                .collect(Collectors.toSet());
        T answer = store.write(tx -> {
            Optional<T> earlier = once.earlier(tx);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Connection c = tx.connection();
            Optional<RatingSession> given = one(c, r.session());
            if (given.isPresent() && !given.get().device().equals(r.device())) {
                throw new RatingRefused(Why.NOT_BOUND, "session " + r.session() + " belongs to another evaluator");
            }
            if (given.isPresent() && "rated".equals(given.get().result())) {
                throw new RatingRefused(Why.ALREADY_RATED, "ticket " + given.get().number() + " is already rated");
            }
            List<RatingSession> open = sessions(c, "SELECT " + COLUMNS + " FROM rating_sessions WHERE device = ? AND "
                    + "state = 'open'", r.device());
            if (open.isEmpty()) {
                throw new RatingRefused(Why.NO_OPEN_SESSION, "no rating session is open on " + r.device());
            }
            RatingSession s = open.get(0);
            if (!s.id().equals(r.session())) {
                throw new RatingRefused(Why.SESSION_MISMATCH, "the open session is " + s.id() + ", not " + r.session());
            }
            if (r.level() < 1 || r.level() > 5) {
                throw new RatingRefused(Why.LEVEL_OUT_OF_RANGE, "level: must be a whole number from 1 to 5");
            }
            List<String> unknown = r.reasons().stream().filter(x -> !known.contains(x)).toList();
            if (!unknown.isEmpty()) {
                throw new RatingRefused(Why.UNKNOWN_REASON, "unknown reason codes " + unknown + "; known: " + known);
            }
            if (r.level() <= 2 && r.reasons().isEmpty()) {
                throw new RatingRefused(Why.REASONS_REQUIRED, "a level of 1 or 2 (差评) needs at least one reason code");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ratings(ticket, session, day, service, counter, "
                    + "officer, device, level, reasons, at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, s.ticket());
                ps.setString(2, s.id());
                ps.setString(3, tx.day().toString());
                ps.setString(4, s.service());
                ps.setString(5, s.counter());
                ps.setString(6, s.officer());
                ps.setString(7, r.device());
                ps.setInt(8, r.level());
                ps.setString(9, Json.write(r.reasons()));
                ps.setString(10, tx.now().toString());
                ps.executeUpdate();
            }
            markClosed(c, s.id(), "rated");
            tx.append(new RatingEvent.Recorded(s.id(), s.device(), s.ticket(), s.number(), s.service(), s.counter(),
                    s.officer(), r.level(), r.reasons(), r.requestId()));
            return once.answer(tx);
        });
        deadlines.remove(r.session());
        return answer;
    }

    /** Closes sessions whose time is up; called every second. */
    public void expire() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Long> e : deadlines.entrySet()) {
            if (e.getValue() - now <= 0) {
                String id = e.getKey();
                store.write(tx -> {
                    Optional<RatingSession> s = one(tx.connection(), id);
                    if (s.isPresent() && s.get().open()) {
                        close(tx, s.get(), RatingEvent.NotRatedReason.TIMEOUT);
                    }
                    return null;
                });
                deadlines.remove(id);
            }
        }
    }

    private void close(Tx tx, RatingSession s, RatingEvent.NotRatedReason reason) throws SQLException {
        markClosed(tx.connection(), s.id(), "not_rated");
        tx.append(new RatingEvent.NotRated(s.id(), s.device(), s.ticket(), s.number(), s.service(), s.counter(),
                s.officer(), reason));
        deadlines.remove(s.id());
    }

    private static void markClosed(Connection c, String id, String result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rating_sessions SET state = 'closed', result = ? WHERE id = ?")) {
            ps.setString(1, result);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** The retained {@code session} payload of an evaluator: its latest session, open or closed. */
    public Optional<Map<String, Object>> sessionPayload(String device) {
        Catalog cat = catalog.current();
        return store.read(c -> sessions(c, "SELECT " + COLUMNS + " FROM rating_sessions WHERE device = ? "
                + "ORDER BY rowid DESC LIMIT 1", device)).stream().findFirst().map(s -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("v", 1);
                    m.put("session", s.id());
                    m.put("state", s.state());
                    m.put("ticket", s.number());
                    m.put("counter", s.counter());
                    m.put("officer", s.officer());
                    m.put("officerName", s.officer() == null ? null
                            : cat.officer(s.officer()).map(Catalog.Officer::name).orElse(null));
                    m.put("service", s.service());
                    m.put("serviceName", cat.service(s.service()).map(x -> x.name().zh()).orElse(null));
                    m.put("expiresAt", s.expiresAt());
                    if (s.result() != null) {
                        m.put("result", s.result());
                    }
                    m.put("reasons", cat.ratingReasons());
                    return m;
                });
    }

    /**
     * The latest rating session of a counter, for its console: the ticket, and its rating once given
     * ({@code level}, {@code reasons}) or why none came ({@code result}).
     */
    public Optional<Map<String, Object>> lastOfCounter(String counter) {
        return store.read(c -> {
            Optional<RatingSession> s = sessions(c, "SELECT " + COLUMNS + " FROM rating_sessions WHERE counter = ? "
                    + "ORDER BY rowid DESC LIMIT 1", counter).stream().findFirst();
            if (s.isEmpty()) {
                return Optional.<Map<String, Object>>empty();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ticket", s.get().number());
            m.put("state", s.get().state());
            m.put("expiresAt", s.get().expiresAt());
            if (s.get().result() != null) {
                m.put("result", s.get().result());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT level, reasons, at FROM ratings WHERE session = ?")) {
                ps.setString(1, s.get().id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        m.put("level", rs.getInt(1));
                        try {
                            m.put("reasons", Json.MAPPER.readTree(rs.getString(2)));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            m.put("reasons", List.of());
                        }
                        m.put("at", rs.getString(3));
                    }
                }
            }
            return Optional.of(m);
        });
    }

    public List<RatingSession> openSessions() {
        return store.read(c -> sessions(c, "SELECT " + COLUMNS + " FROM rating_sessions WHERE state = 'open'"));
    }

    private static Optional<RatingSession> one(Connection c, String id) throws SQLException {
        return sessions(c, "SELECT " + COLUMNS + " FROM rating_sessions WHERE id = ?", id).stream().findFirst();
    }

    private static List<RatingSession> sessions(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<RatingSession> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RatingSession(rs.getString("id"), rs.getString("device"), rs.getString("counter"),
                            rs.getString("ticket"), rs.getString("number"), rs.getString("service"),
                            rs.getString("officer"), rs.getString("state"), rs.getString("result"),
                            rs.getString("opened_at"), rs.getString("expires_at")));
                }
                return out;
            }
        }
    }

    /**
     * A day's ratings: counts per level, 好评率 (levels 3 to 5 over all ratings, as 1 and 2 are 差评), and the
     * same per officer and per service, for the admin page and for the station to check its copy against.
     */
    public Map<String, Object> stats(java.time.LocalDate day) {
        return RatingStats.of(store, day, day);
    }

    /** The same over business days {@code from} to {@code to}, with 差评 reasons and the share not rated. */
    public Map<String, Object> stats(java.time.LocalDate from, java.time.LocalDate to) {
        return RatingStats.of(store, from, to);
    }
}
