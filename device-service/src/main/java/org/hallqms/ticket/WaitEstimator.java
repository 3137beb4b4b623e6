package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.CounterDef;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.ticket.QueuePlay.Item;
import org.hallqms.ticket.QueuePlay.Lane;

/**
 * How long a ticket will wait, as the kiosk and the status page promise it: the queue is played forward by the
 * engine's own rule (a free window takes the highest class, then the oldest place, among the services it serves),
 * each citizen taking their service's recent mean time from call to finish, the windows starting from what is
 * left of the citizens now at them. The ticket's wait is when a window first takes it. Counting only the
 * ticket's own queue missed that windows share their time between services (measured by {@code estimate-sim}:
 * mean absolute error 13.6 minutes on the sample hall's day, against the figure in the README now).
 *
 * <p>The play without the ticket is the same for every press until the queue as seen, the windows or the means
 * change; it is recorded once ({@link QueuePlay}) and each press replays the record up to where its own ticket
 * could make a difference (profiled: playing 400 tickets per press was 40 % of a busy press's CPU).
 */
final class WaitEstimator {
    /**
     * Per service, its first waiting tickets in call order (higher class, then older place), re-read at most
     * once a second of both clocks: the bench issues thousands a second.
     */
    private record Snapshot(String day, Map<String, List<Item>> waiting, long nanos, Instant wall) {
    }

    private final ServiceTimes times;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private volatile Means means;
    private volatile QueuePlay play;

    WaitEstimator(ServiceTimes times, Clock clock) {
        this.times = times;
        this.clock = clock;
    }

    /**
     * @param ahead the ticket's own service's tickets before it (exact), for the part beyond the played queue
     * @param fresh the ticket is the newest of its class (just issued, or a kiosk asking for a new one)
     * @param pos   its place when not fresh
     */
    int minutes(Connection c, Catalog cat, String day, ServiceType st, int rank, int ahead, boolean fresh, long pos,
                OffsetDateTime now) throws SQLException {
        Map<String, CounterRow> rows = new HashMap<>();
        for (CounterRow r : CounterDesk.rows(c)) {
            rows.put(r.id(), r);
        }
        List<CounterDef> windows = new ArrayList<>();
        for (CounterDef d : cat.counters()) {
            CounterRow r = rows.get(d.id());
            if (r != null && !r.state().equals("closed")) {
                windows.add(d);
            }
        }
        if (windows.stream().noneMatch(d -> d.serves(st.code()))) {
            // none open yet (before the morning's logins): the windows that will take it, all free
            windows = cat.counters().stream().filter(d -> d.serves(st.code())).toList();
            rows = Map.of();
        }
        if (windows.isEmpty()) {
            return 0;
        }
        List<ServiceType> services = cat.services();
        Means means = means(services);
        int me = means.index().get(st.code());
        Item self = new Item(rank, fresh ? Long.MAX_VALUE : pos, true);
        Snapshot snap = snapshot(c, day, services);
        // the windows: when each is next free
        int n = windows.size();
        double[] free = new double[n];
        for (int k = 0; k < n; k++) {
            CounterRow r = rows.get(windows.get(k).id());
            if (r != null && r.ticket() != null) {
                Ticket t = Tickets.byId(c, r.ticket()).orElse(null);
                if (t != null && t.calledAt() != null) {
                    Integer i = means.index().get(t.service());
                    double m = i != null ? means.mean()[i] : 5.0;
                    double elapsed = Math.max(0, Duration.between(OffsetDateTime.parse(t.calledAt()), now).toSeconds() / 60.0);
                    // a citizen who has already taken longer than most is still expected to need a little
                    free[k] = Math.max(0.25 * m, m - elapsed);
                }
            }
        }
        QueuePlay base = basePlay(snap, services, windows, free, means.mean());
        Lane mine = Lane.with(snap.waiting().getOrDefault(st.code(), List.of()), self, fresh, pos, ahead);
        return base.estimate(me, mine, ahead);
    }

    /** The mean minutes per service, in catalogue order, as of one version of the recent times. */
    private record Means(List<ServiceType> services, long version, Map<String, Integer> index, double[] mean) {
    }

    private Means means(List<ServiceType> services) {
        Means m = means;
        long version = times.version();
        if (m != null && m.services() == services && m.version() == version) {
            return m;
        }
        Map<String, Integer> index = new HashMap<>();
        double[] mean = new double[services.size()];
        for (int i = 0; i < services.size(); i++) {
            index.put(services.get(i).code(), i);
            mean[i] = times.meanMinutes(services.get(i).code(), services.get(i).meanServiceMinutes());
        }
        m = new Means(services, version, index, mean);
        means = m;
        return m;
    }

    /**
     * The queue played forward without the ticket being estimated: the same for every press until the queue as
     * seen (the snapshot), the open windows, their free times or the means change. A press replays this record,
     * not the queue, up to the first step its own ticket could change.
     */
    private QueuePlay basePlay(Snapshot snap, List<ServiceType> services, List<CounterDef> windows, double[] free,
                          double[] mean) {
        QueuePlay p = play;
        if (p != null && p.waiting() == snap.waiting() && p.services() == services && p.windows().equals(windows)
                && Arrays.equals(p.free(), free) && Arrays.equals(p.mean(), mean)) {
            return p;
        }
        p = QueuePlay.of(snap.waiting(), services, windows, free, mean);
        play = p;
        return p;
    }


    private Snapshot snapshot(Connection c, String day, List<ServiceType> services) throws SQLException {
        Snapshot s = snapshot;
        long nanos = System.nanoTime();
        Instant wall = clock.instant();
        if (s != null && s.day().equals(day) && nanos - s.nanos() < 1_000_000_000L
                && Math.abs(Duration.between(s.wall(), wall).toMillis()) < 1_000
                && s.waiting().keySet().containsAll(services.stream().map(ServiceType::code).toList())) {
            return s;
        }
        Map<String, List<Item>> waiting = new HashMap<>();
        // one service and class at a time: each is a range of the queue index, already in place order
        try (PreparedStatement ps = c.prepareStatement("SELECT pos FROM tickets WHERE day = ? AND state = 'waiting' AND "
                + "service = ? AND target_counter IS NULL AND rank = ? ORDER BY pos LIMIT " + QueuePlay.PLAYED)) {
            for (ServiceType st : services) {
                List<Item> l = new ArrayList<>();
                for (int rank = 2; rank >= 0; rank--) {
                    ps.setString(1, day);
                    ps.setString(2, st.code());
                    ps.setInt(3, rank);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && l.size() < QueuePlay.PLAYED) {
                            l.add(new Item(st.code(), rank, rs.getLong(1), false));
                        }
                    }
                }
                waiting.put(st.code(), l);
            }
        }
        s = new Snapshot(day, waiting, nanos, wall);
        snapshot = s;
        return s;
    }
}
