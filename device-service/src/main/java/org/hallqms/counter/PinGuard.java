package org.hallqms.counter;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts wrong PINs per officer and locks the officer for a while after too many. Kept in memory and timed
 * with a monotonic clock: an NTP step must not lift or stretch a lock.
 */
final class PinGuard {
    private final int maxFailures;
    private final long lockNanos;
    private final LongSupplier nanoTime;
    private final Map<String, long[]> state = new HashMap<>(); // officer -> {failures, lockedUntil}

    PinGuard(int maxFailures, long lockNanos, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.lockNanos = lockNanos;
        this.nanoTime = nanoTime;
    }

    /** Seconds left on the officer's lock, or 0. */
    synchronized long lockedSeconds(String officer) {
        long[] s = state.get(officer);
        if (s == null || s[1] == 0) {
            return 0;
        }
        long left = s[1] - nanoTime.getAsLong();
        if (left <= 0) {
            state.remove(officer);
            return 0;
        }
        return Math.max(1, left / 1_000_000_000L);
    }

    /** Records a wrong PIN; returns how many tries are left before the lock (0 = now locked). */
    synchronized int fail(String officer) {
        long[] s = state.computeIfAbsent(officer, k -> new long[2]);
        s[0]++;
        if (s[0] >= maxFailures) {
            s[1] = nanoTime.getAsLong() + lockNanos;
            return 0;
        }
        return (int) (maxFailures - s[0]);
    }

    synchronized void succeed(String officer) {
        state.remove(officer);
    }
}
