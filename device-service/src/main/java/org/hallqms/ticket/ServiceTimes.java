package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
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
    /** Counts the durations added: a mean computed at one version holds until the next. */
    private volatile long version;

    /** Loads the last 500 services' times, oldest first, as the rolling windows had them. */
    void load(Connection c) throws SQLException {
        // a window is busy from the call to the finish: that is the time the next citizen waits for
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT service, called_at, finished_at "
                + "FROM (SELECT service, called_at, finished_at, pos FROM tickets WHERE service_seconds IS NOT NULL "
                + "AND called_at IS NOT NULL ORDER BY pos DESC LIMIT 500) ORDER BY pos")) {
            while (rs.next()) {
                add(rs.getString(1), (int) seconds(rs.getString(2), OffsetDateTime.parse(rs.getString(3))));
            }
        }
    }

    /** Wall-clock seconds from {@code from} to {@code to}; 0 without a start. */
    static long seconds(String from, OffsetDateTime to) {
        if (from == null) {
            return 0;
        }
        // Clamped because an NTP step can make them negative or huge.
        long s = Duration.between(OffsetDateTime.parse(from), to).getSeconds();
        return Math.max(0, Math.min(s, 86_400));
    }

    synchronized void add(String service, int seconds) {
        Deque<Integer> d = recent.computeIfAbsent(service, k -> new ArrayDeque<>());
        d.addLast(seconds);
        version++;
        if (d.size() > WINDOW) {
            d.removeFirst();
        }
    }

    long version() {
        return version;
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
