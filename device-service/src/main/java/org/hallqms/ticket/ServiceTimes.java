package org.hallqms.ticket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Rolling mean of the last service durations per service, seeded by the catalogue's mean. */
final class ServiceTimes {
    private static final int WINDOW = 20;
    /** Tried 0, 3, 5 and 10 over six simulated days: 6.2, 5.6, 5.5, 5.4 minutes of error; 10 reacts slowly to a new seed. */
    static final int SEED_WEIGHT = 5;
    private final Map<String, Deque<Integer>> recent = new HashMap<>();

    synchronized void add(String service, int seconds) {
        Deque<Integer> d = recent.computeIfAbsent(service, k -> new ArrayDeque<>());
        d.addLast(seconds);
        if (d.size() > WINDOW) {
            d.removeFirst();
        }
    }

    /**
     * Mean minutes per ticket: the recent durations, pulled toward the catalogue's seed as if it were
     * {@link #SEED_WEIGHT} durations of its own, so that the first few citizens of the day (one slow, one quick)
     * do not swing every promise at the kiosk.
     */
    synchronized double meanMinutes(String service, int seedMinutes) {
        Deque<Integer> d = recent.get(service);
        long sum = 0;
        int n = 0;
        if (d != null) {
            for (int s : d) {
                sum += s;
                n++;
            }
        }
        return (seedMinutes * 60.0 * SEED_WEIGHT + sum) / (SEED_WEIGHT + n) / 60.0;
    }
}
