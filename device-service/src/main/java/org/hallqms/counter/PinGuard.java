package org.hallqms.counter;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.hallqms.store.Sql;
import org.hallqms.store.Store;

/**
 * Counts wrong PINs per police number and client address, and locks that pair for a while after too many.
 * <ul>
 * <li>Per address: a stranger who types wrong PINs for every police number locks them only for the stranger's
 * own machine; the officers at their windows log in as usual. Guessing from many addresses is slowed by the
 * per-address limit on failed credentials ({@code QMS_AUTH_MAX_FAILURES}) and shows in {@code /health}.</li>
 * <li>In SQLite ({@code pin_failures}), so a restart does not lift a lock. Timed by the wall clock, as it must
 * outlive the process; a lock never lasts longer than {@code lockMillis} from now, so a clock stepped back
 * cannot stretch it.</li>
 * <li>Unknown police numbers are counted the same way, so the answers do not tell which numbers exist.</li>
 * </ul>
 */
final class PinGuard {
    // rows of pairs neither locked nor touched for a day are forgotten
    private static final long FORGET_MILLIS = 24 * 3_600_000L;
    private final Store store;
    private final int maxFailures;
    private final long lockMillis;

    PinGuard(Store store, int maxFailures, long lockMillis) {
        this.store = store;
        this.maxFailures = maxFailures;
        this.lockMillis = lockMillis;
    }

    private long now() {
        return store.clock().millis();
    }

    /** Seconds left on the lock of this officer from this address, or 0. */
    long lockedSeconds(String officer, String address) {
        long until = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT locked_until FROM pin_failures WHERE officer = ? AND address = ?")) {
                Sql.bind(ps, officer, address);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
        long left = Math.min(until - now(), lockMillis);
        return left <= 0 ? 0 : Math.max(1, (left + 999) / 1000);
    }

    /** Records a wrong PIN; returns how many tries are left before the lock (0 = now locked). */
    int fail(String officer, String address) {
        long now = now();
        return store.write(tx -> {
            var c = tx.connection();
            Sql.update(c, "DELETE FROM pin_failures WHERE updated_at < ? AND locked_until < ?", now - FORGET_MILLIS, now);
            int failures = 1 + Sql.count(c, "SELECT failures FROM pin_failures WHERE officer = ? AND address = ? "
                    + "AND locked_until < ?", officer, address, now);
            // a lock that has run out starts the count again
            long lockedUntil = failures >= maxFailures ? now + lockMillis : 0;
            Sql.update(c, "INSERT INTO pin_failures(officer, address, failures, locked_until, updated_at) VALUES (?,?,?,?,?) "
                    + "ON CONFLICT(officer, address) DO UPDATE SET failures = excluded.failures, "
                    + "locked_until = excluded.locked_until, updated_at = excluded.updated_at",
                    officer, address, failures >= maxFailures ? 0 : failures, lockedUntil, now);
            return Math.max(0, maxFailures - failures);
        });
    }

    void succeed(String officer, String address) {
        store.write(tx -> Sql.update(tx.connection(), "DELETE FROM pin_failures WHERE officer = ? AND address = ?",
                officer, address));
    }
}
