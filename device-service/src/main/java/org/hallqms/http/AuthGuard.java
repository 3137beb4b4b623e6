package org.hallqms.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed credentials (tokens, officer PINs) per client address; an address with too many in a minute is
 * refused for a minute. Guessing a 32-character token is hopeless anyway; this keeps a guessing script from
 * filling the log and the CPU of a small board, and makes the attempt visible in {@code /health}.
 */
final class AuthGuard {
    private static final Logger log = LoggerFactory.getLogger(AuthGuard.class);
    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final LongSupplier nanoTime;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    private static final class Window {
        long start;
        int count;
        long blockedUntil;
        boolean blocked;
    }

    AuthGuard(int maxFailures, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.nanoTime = nanoTime;
    }

    /** Seconds the address must still wait, or 0 when it may try. */
    long retryAfterSeconds(String address) {
        Window w = byAddress.get(address);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            long left = w.blockedUntil - nanoTime.getAsLong();
            if (!w.blocked || left <= 0) {
                return 0;
            }
            refused.increment();
            return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        }
    }

    void failed(String address) {
        failed.increment();
        if (byAddress.size() >= MAX_TRACKED) {
            prune();
        }
        Window w = byAddress.computeIfAbsent(address, a -> new Window());
        long now = nanoTime.getAsLong();
        synchronized (w) {
            if (w.count == 0 || now - w.start > WINDOW_NANOS) {
                w.start = now;
                w.count = 0;
            }
            w.count++;
            if (w.count >= maxFailures && !(w.blocked && w.blockedUntil - now > 0)) {
                w.blocked = true;
                w.blockedUntil = now + WINDOW_NANOS;
                log.warn("http: address {} refused for 60 s after {} failed credentials within a minute", address, w.count);
            }
        }
    }

    private void prune() {
        long now = nanoTime.getAsLong();
        for (Iterator<Window> it = byAddress.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            synchronized (w) {
                if (now - w.start > WINDOW_NANOS && !(w.blocked && w.blockedUntil - now > 0)) {
                    it.remove();
                }
            }
        }
        if (byAddress.size() >= MAX_TRACKED) {
            // A flood from many addresses: forget them all rather than grow without bound.
            byAddress.clear();
        }
    }

    Map<String, Object> stats() {
        long now = nanoTime.getAsLong();
        long blocked = byAddress.values().stream().filter(w -> {
            synchronized (w) {
                return w.blocked && w.blockedUntil - now > 0;
            }
        }).count();
        return Map.of("failed", failed.sum(), "refused", refused.sum(), "blockedAddresses", blocked);
    }
}
