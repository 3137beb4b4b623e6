package org.hallqms.station.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins counted per user name and per client address: {@link #MAX_FAILURES} within {@link #WINDOW} refuse
 * that name (from anywhere) or that address (for any name) for {@link #WINDOW}. Names are counted whether they
 * exist or not, so the refusal says nothing about which names are real.
 */
final class LoginThrottle {
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        Instant start;
        int count;
        Instant blockedUntil = Instant.EPOCH;
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until this name or address may try again; 0 when it may now. */
    long retryAfterSeconds(String user, String address) {
        Instant now = clock.instant();
        return Math.max(wait(windows.get("u:" + user), now), wait(windows.get("a:" + address), now));
    }

    private static long wait(Window w, Instant now) {
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            long ms = Duration.between(now, w.blockedUntil).toMillis();
            return ms <= 0 ? 0 : Math.max(1, (ms + 999) / 1000);
        }
    }

    void failed(String user, String address) {
        if (windows.size() >= MAX_TRACKED) {
            prune();
        }
        count("u:" + user);
        count("a:" + address);
    }

    /** A good password clears the name's count (not the address's: one good account must not reset a guesser). */
    void succeeded(String user) {
        windows.remove("u:" + user);
    }

    private void count(String key) {
        Instant now = clock.instant();
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.count == 0 || now.isAfter(w.start.plus(WINDOW))) {
                w.start = now;
                w.count = 0;
            }
            w.count++;
            if (w.count >= MAX_FAILURES && !now.isBefore(w.blockedUntil)) {
                w.blockedUntil = now.plus(WINDOW);
                w.count = 0;
                // names and addresses are not personal data of citizens; the log says what is being guessed
                log.warn("console: {} refused for {} min after {} failed logins", key, WINDOW.toMinutes(), MAX_FAILURES);
            }
        }
    }

    private void prune() {
        Instant now = clock.instant();
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            synchronized (w) {
                if (!now.isBefore(w.blockedUntil) && (w.start == null || now.isAfter(w.start.plus(WINDOW)))) {
                    it.remove();
                }
            }
        }
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
    }
}
