package org.hallqms.counter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.catalog.Pins;
import org.hallqms.event.CounterEvent;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;

/** Officer sessions at counters, and the open / paused / closed state of each counter. */
public final class CounterDesk {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final CatalogService catalog;
    private final PinGuard guard;

    public CounterDesk(Store store, CatalogService catalog, int pinMaxFailures, int pinLockMinutes) {
        this.store = store;
        this.catalog = catalog;
        this.guard = new PinGuard(store, pinMaxFailures, pinLockMinutes * 60_000L);
        catalog.addHook(this::followCatalog);
    }

    /** A successful login: the bearer token for this counter's actions. */
    public record Session(String counter, String officer, String officerName, String token) {
    }

    /**
     * Checks the PIN (slowly, off the writer) and opens the counter for the officer.
     *
     * @param address  the client's address: wrong PINs lock the officer from there only
     * @param takeover whether the officer means to replace another officer logged in at this counter; without
     *                 it such a login is refused as {@code counter-occupied}, naming who is there
     */
    public Session login(String counter, String officer, String pin, String address, boolean takeover) {
        Catalog cat = catalog.current();
        cat.counter(counter).orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        long locked = guard.lockedSeconds(officer, address);
        if (locked > 0) {
            throw new QmsException(Problem.OFFICER_LOCKED, "officer " + officer + " is locked from this address for "
                    + "another " + locked + " s after too many wrong PINs", Map.of("retryAfterSeconds", locked));
        }
        Optional<Catalog.Officer> known = cat.officer(officer);
        Optional<String> hash = known.isPresent() ? catalog.pinHash(officer) : Optional.empty();
        // an unknown number costs the same hashing as a known one, and is counted the same way
        boolean right = hash.isPresent() ? Pins.verify(pin, hash.get()) : Pins.verifyNothing(pin);
        if (!right) {
            int left = guard.fail(officer, address);
            if (left == 0) {
                throw new QmsException(Problem.OFFICER_LOCKED, "too many wrong PINs; officer " + officer
                        + " is locked from this address", Map.of("retryAfterSeconds", guard.lockedSeconds(officer, address)));
            }
            throw new QmsException(Problem.WRONG_PIN, "police number or PIN is wrong", Map.of("triesLeft", left));
        }
        guard.succeed(officer, address);
        String token = newToken();
        String tokenHash = sha256(token);
        store.write(tx -> {
            Connection c = tx.connection();
            CounterRow here = row(c, counter).orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '"
                    + counter + "'"));
            if (here.officer() != null && !here.state().equals("closed") && !here.officer().equals(officer)) {
                if (!takeover) {
                    // Never silently: the officer at the window may be mid-ticket.
                    Map<String, Object> who = new LinkedHashMap<>();
                    who.put("officer", here.officer());
                    cat.officer(here.officer()).ifPresent(o -> who.put("officerName", o.name()));
                    who.put("ticketInHand", here.ticket() != null);
                    throw new QmsException(Problem.COUNTER_OCCUPIED, "counter " + counter + " is open for officer "
                            + here.officer() + (here.ticket() != null ? ", who has a ticket in hand" : "")
                            + "; log in again with \"takeover\": true to replace them", who);
                }
                tx.append(new CounterEvent.TakenOver(counter, officer, here.officer(), here.ticket()));
            }
            for (CounterRow other : rows(c)) {
                if (officer.equals(other.officer()) && !other.id().equals(counter)) {
                    // One officer, one window: ratings and statistics are bound to where the officer sits.
                    update(c, other.id(), "closed", null, null, null);
                    tx.append(new CounterEvent.Closed(other.id(), officer, "officer moved to counter " + counter));
                }
            }
            update(c, counter, "open", null, officer, tokenHash);
            tx.append(new CounterEvent.Opened(counter, officer));
            return null;
        });
        return new Session(counter, officer, known.get().name(), token);
    }

    public void logout(String counter, String token) {
        store.write(tx -> {
            CounterRow row = authorize(tx, counter, token);
            if (row.ticket() != null) {
                throw Problem.COUNTER_BUSY.exception("finish, transfer or mark as no-show the current ticket first");
            }
            update(tx.connection(), counter, "closed", null, null, null);
            tx.append(new CounterEvent.Closed(counter, row.officer(), "logout"));
            return null;
        });
    }

    public void pause(String counter, String token, String reason) {
        store.write(tx -> {
            pause(tx, authorize(tx, counter, token), reason);
            return null;
        });
    }

    /** Inside a transaction whose caller has authorised {@code row}. */
    public void pause(Tx tx, CounterRow row, String reason) throws SQLException {
        update(tx.connection(), row.id(), "paused", reason, row.officer(), row.tokenHash());
        tx.append(new CounterEvent.Paused(row.id(), row.officer(), reason));
    }

    public void resume(String counter, String token) {
        store.write(tx -> {
            resume(tx, authorize(tx, counter, token));
            return null;
        });
    }

    /** Inside a transaction whose caller has authorised {@code row}. */
    public void resume(Tx tx, CounterRow row) throws SQLException {
        if (!row.open()) {
            update(tx.connection(), row.id(), "open", null, row.officer(), row.tokenHash());
            tx.append(new CounterEvent.Resumed(row.id(), row.officer()));
        }
    }

    /**
     * Inside a transaction: the counter's row when an officer is logged in there. A bound device (caller
     * keypad) acts on behalf of that officer.
     */
    public CounterRow requireSession(Tx tx, String counter) throws SQLException {
        CounterRow row = row(tx.connection(), counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        if (row.officer() == null || row.state().equals("closed")) {
            throw Problem.COUNTER_CLOSED.exception("no officer is logged in at counter " + counter);
        }
        return row;
    }

    /**
     * Inside a transaction: the counter's row when {@code token} is its current officer session; otherwise a
     * refusal. Unknown counters are refused before tokens are looked at.
     */
    public CounterRow authorize(Tx tx, String counter, String token) throws SQLException {
        CounterRow row = row(tx.connection(), counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        if (token == null || row.tokenHash() == null
                || !MessageDigest.isEqual(sha256(token).getBytes(StandardCharsets.US_ASCII),
                row.tokenHash().getBytes(StandardCharsets.US_ASCII))) {
            throw Problem.UNAUTHORIZED.exception("log in at counter " + counter + " first (POST /api/v1/counters/"
                    + counter + "/session)");
        }
        return row;
    }

    /** Whether {@code token} is the counter's current officer session (for reads; refuses nothing). */
    public boolean holds(String counter, String token) {
        if (token == null) {
            return false;
        }
        return store.read(c -> row(c, counter).map(r -> r.tokenHash() != null && MessageDigest.isEqual(
                sha256(token).getBytes(StandardCharsets.US_ASCII), r.tokenHash().getBytes(StandardCharsets.US_ASCII)))
                .orElse(false));
    }

    public static Optional<CounterRow> row(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, state, reason, officer, token_hash, ticket, priority_run FROM counters WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public static List<CounterRow> rows(Connection c) throws SQLException {
        List<CounterRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, state, reason, officer, token_hash, ticket, priority_run FROM counters ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    /** Sets the counter's current ticket and its run of priority calls. */
    public static void setTicket(Connection c, String counter, String ticket, int priorityRun) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE counters SET ticket = ?, priority_run = ? WHERE id = ?")) {
            ps.setString(1, ticket);
            ps.setInt(2, priorityRun);
            ps.setString(3, counter);
            ps.executeUpdate();
        }
    }

    /**
     * Closes every open or paused counter, as at the end of a business day.
     *
     * @return the counters closed, with the officer each had
     */
    public static Map<String, String> closeAll(Connection c) throws SQLException {
        Map<String, String> closed = new LinkedHashMap<>();
        for (CounterRow r : rows(c)) {
            if (!r.state().equals("closed")) {
                closed.put(r.id(), r.officer());
            }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE counters SET state = 'closed', reason = NULL, officer = NULL, token_hash = NULL, "
                    + "ticket = NULL, priority_run = 0");
        }
        return closed;
    }

    private static void update(Connection c, String id, String state, String reason, String officer,
                               String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE counters SET state = ?, reason = ?, officer = ?, token_hash = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, reason);
            ps.setString(3, officer);
            ps.setString(4, tokenHash);
            ps.setString(5, id);
            ps.executeUpdate();
        }
    }

    private static CounterRow read(ResultSet rs) throws SQLException {
        return new CounterRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7));
    }

    /** Keeps one row per catalogue counter; refuses to drop a counter that is in use. */
    private void followCatalog(Tx tx, Catalog next) throws SQLException {
        Connection c = tx.connection();
        for (CounterRow r : rows(c)) {
            if (next.counter(r.id()).isEmpty()) {
                if (!r.state().equals("closed")) {
                    throw new QmsException(Problem.CATALOG_CONFLICT, "counter '" + r.id()
                            + "' is open; close it before removing it from the catalogue");
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM counters WHERE id = ?")) {
                    ps.setString(1, r.id());
                    ps.executeUpdate();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO counters(id) VALUES (?)")) {
            for (Catalog.CounterDef d : next.counters()) {
                ps.setString(1, d.id());
                ps.executeUpdate();
            }
        }
    }

    private static String newToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
