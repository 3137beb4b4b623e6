package org.hallqms.ticket;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Rolling mean of the last service durations per service, seeded by the catalogue's mean. */
final class ServiceTimes {
    private static final int WINDOW = 20;
    private final Map<String, Deque<Integer>> recent = new HashMap<>();

    synchronized void add(String service, int seconds) {
        Deque<Integer> d = recent.computeIfAbsent(service, k -> new ArrayDeque<>());
        d.addLast(seconds);
        if (d.size() > WINDOW) {
            d.removeFirst();
        }
    }

    /** Mean minutes per ticket: the seed until a few real durations exist, then their mean. */
    synchronized double meanMinutes(String service, int seedMinutes) {
        Deque<Integer> d = recent.get(service);
        if (d == null || d.size() < 3) {
            return seedMinutes;
        }
        return d.stream().mapToInt(Integer::intValue).average().orElse(seedMinutes * 60.0) / 60.0;
    }
}
