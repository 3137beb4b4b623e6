package org.hallqms.station.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login attempts counted per user name and per client address: {@link #MAX_FAILURES} within {@link #WINDOW} refuse
 * that name (from anywhere) or that address (for any name) for {@link #WINDOW}. Names are counted whether they
 * exist or not, so the refusal says nothing about which names are real.
 *
 * <p>An attempt is counted when it starts, before its password is checked, and given back only when the password
 * was right: counting after the slow check let parallel guesses all pass the check-then-count gap. One lock for
 * both keys, so an attempt takes its place under the name and the address together or not at all; the password
 * check runs outside it. Kept in memory only: a restart of {@code station} forgets every count.
 */
final class LoginThrottle {
    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        Instant start = Instant.EPOCH;
        int count;
        Instant blockedUntil = Instant.EPOCH;
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a place for one attempt under this name and this address, or none when either is refused.
     *
     * @return 0 when the attempt may go ahead (and is now counted), else the seconds until it may
     */
    synchronized long reserve(String user, String address) {
        Instant now = clock.instant();
        String u = "u:" + user;
        String a = "a:" + address;
        long wait = Math.max(wait(windows.get(u), now), wait(windows.get(a), now));
        if (wait > 0) {
            return wait;
        }
        if (windows.size() >= MAX_TRACKED) {
            prune(now);
        }
        count(u, now);
        count(a, now);
        return 0;
    }

    /**
     * A good password: the name's count is cleared, and the address gets back only this attempt's place (one good
     * account must not reset a guesser).
     */
    synchronized void succeeded(String user, String address) {
        windows.remove("u:" + user);
        Window w = windows.get("a:" + address);
        if (w != null && w.count > 0) {
            w.count--;
            if (w.count < MAX_FAILURES) {
                w.blockedUntil = Instant.EPOCH;
            }
        }
    }

    private static long wait(Window w, Instant now) {
        if (w == null) {
            return 0;
        }
        long ms = Duration.between(now, w.blockedUntil).toMillis();
        return ms <= 0 ? 0 : Math.max(1, (ms + 999) / 1000);
    }

    private void count(String key, Instant now) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        if (w.count == 0 || !now.isBefore(w.start.plus(WINDOW))) {
            w.start = now;
            w.count = 0;
        }
        w.count++;
        if (w.count == MAX_FAILURES) {
            // the attempt that reaches the limit still runs; the ones after it are refused for the whole window
            w.blockedUntil = now.plus(WINDOW);
            // names and addresses are not personal data of citizens; the log says what is being guessed
            log.warn("console: {} refused for {} min after {} login attempts", key, WINDOW.toMinutes(), MAX_FAILURES);
        }
    }

    private void prune(Instant now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (!now.isBefore(w.blockedUntil) && !now.isBefore(w.start.plus(WINDOW))) {
                it.remove();
            }
        }
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
    }
}
