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

/**
 * How long a ticket will wait, as the kiosk and the status page promise it: the queue is played forward by the
 * engine's own rule (a free window takes the highest class, then the oldest place, among the services it serves),
 * each citizen taking their service's recent mean time from call to finish, the windows starting from what is
 * left of the citizens now at them. The ticket's wait is when a window first takes it. Counting only the
 * ticket's own queue missed that windows share their time between services (measured by {@code estimate-sim}:
 * mean absolute error 13.6 minutes on the sample hall's day, against the figure in the README now).
 */
final class WaitEstimator {
    /**
     * Per service, its first waiting tickets in call order (higher class, then older place), re-read at most
     * once a second of both clocks: the bench issues thousands a second.
     */
    private record Snapshot(String day, Map<String, List<Item>> waiting, long nanos, Instant wall) {
    }

    /**
     * Beyond this many tickets taken the promise is "long" anyway: the rest of the ticket's own queue is
     * extrapolated at its windows' pace. Bounds the work per press (measured: 2,000 cost half the bench's
     * throughput).
     */
    private static final int PLAYED = 400;
    private final ServiceTimes times;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private volatile Means means;
    private volatile Play play;

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
        Play base = basePlay(snap, services, windows, free, means.mean());
        Lane mine = Lane.with(snap.waiting().getOrDefault(st.code(), List.of()), self, fresh, pos, ahead);
        return base.estimate(me, mine, ahead, snap, services);
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
    private Play basePlay(Snapshot snap, List<ServiceType> services, List<CounterDef> windows, double[] free,
                          double[] mean) {
        Play p = play;
        if (p != null && p.snap() == snap && p.services() == services && p.windows().equals(windows)
                && Arrays.equals(p.free(), free) && Arrays.equals(p.mean(), mean)) {
            return p;
        }
        p = Play.of(snap, services, windows, free, mean);
        play = p;
        return p;
    }

    /**
     * A recorded play: step {@code i} is window {@code win[i]} taking the head of queue {@code lane[i]} and then
     * being free at {@code freeAfter[i]}, or ({@code lane[i] == -1}) finding nothing it serves and closing.
     * It ends after {@link #PLAYED} takes or when every window has closed.
     */
    private record Play(Snapshot snap, List<ServiceType> services, List<CounterDef> windows, double[] free,
                        double[] mean, boolean[][] serves, int[] win, int[] lane, double[] freeAfter, int steps) {

        static Play of(Snapshot snap, List<ServiceType> services, List<CounterDef> windows, double[] free0,
                       double[] mean) {
            int n = windows.size();
            boolean[][] serves = new boolean[n][services.size()];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < services.size(); i++) {
                    serves[k][i] = windows.get(k).serves(services.get(i).code());
                }
            }
            List<Lane> queues = new ArrayList<>(services.size());
            for (ServiceType s : services) {
                queues.add(new Lane(snap.waiting().getOrDefault(s.code(), List.of()), null, 0, 0, 0));
            }
            double[] free = free0.clone();
            boolean[] done = new boolean[n];
            int cap = PLAYED + n;
            int[] win = new int[cap];
            int[] lane = new int[cap];
            double[] freeAfter = new double[cap];
            int steps = 0;
            int played = 0;
            while (played < PLAYED) {
                int k = nextWindow(free, done);
                if (k < 0) {
                    break;
                }
                int best = bestLane(queues, serves[k]);
                win[steps] = k;
                lane[steps] = best;
                if (best < 0) {
                    done[k] = true;
                } else {
                    queues.get(best).poll();
                    free[k] += mean[best];
                    freeAfter[steps] = free[k];
                    played++;
                }
                steps++;
            }
            return new Play(snap, services, windows, free0.clone(), mean.clone(), serves, win, lane, freeAfter, steps);
        }

        /**
         * The minutes until a window takes the ticket ({@code mine} is its own queue, the ticket in it). Until a
         * window that serves its queue reaches the ticket's place, the play is the recorded one.
         */
        int estimate(int me, Lane mine, int ahead, Snapshot snap, List<ServiceType> services) {
            int takenMine = 0;
            int j = 0;
            for (; j < steps; j++) {
                if (serves[win[j]][me] && takenMine >= mine.insertAt) {
                    break;
                }
                if (lane[j] == me) {
                    takenMine++;
                }
            }
            int played = 0;
            for (int i = 0; i < j; i++) {
                if (lane[i] >= 0) {
                    played++;
                }
            }
            if (j == steps && played >= PLAYED) {
                // a very long queue: the rest of the ticket's own queue at the pace of its windows
                return extrapolate(freeAfter[steps - 1], me, ahead, takenMine);
            }
            // from here on the ticket's queue is not the recorded one: play on from the state before step j
            int n = windows.size();
            double[] free = this.free.clone();
            boolean[] done = new boolean[n];
            List<Lane> queues = new ArrayList<>(services.size());
            for (int i = 0; i < services.size(); i++) {
                queues.add(i == me ? mine : new Lane(snap.waiting().getOrDefault(services.get(i).code(), List.of()),
                        null, 0, 0, 0));
            }
            for (int i = 0; i < j; i++) {
                if (lane[i] < 0) {
                    done[win[i]] = true;
                } else {
                    free[win[i]] = freeAfter[i];
                    queues.get(lane[i]).poll();
                }
            }
            while (true) {
                int k = nextWindow(free, done);
                if (k < 0) {
                    return 0;
                }
                int best = bestLane(queues, serves[k]);
                if (best < 0) {
                    done[k] = true;
                    continue;
                }
                if (queues.get(best).poll().self()) {
                    return (int) Math.round(free[k]);
                }
                if (best == me) {
                    takenMine++;
                }
                free[k] += mean[best];
                if (++played >= PLAYED) {
                    return extrapolate(free[k], me, ahead, takenMine);
                }
            }
        }

        private int extrapolate(double at, int me, int ahead, int takenMine) {
            long serving = windows.stream().filter(d -> d.serves(services.get(me).code())).count();
            return (int) Math.round(at + Math.max(1, ahead - takenMine + 1) * mean[me] / Math.max(1, serving));
        }

        /** The window free first (the lowest index among equals), or -1 when all have closed. */
        private static int nextWindow(double[] free, boolean[] done) {
            int k = -1;
            for (int j = 0; j < free.length; j++) {
                if (!done[j] && (k < 0 || free[j] < free[k])) {
                    k = j;
                }
            }
            return k;
        }

        /** The queue whose head a window takes: by the engine's rule, among the queues it serves. */
        private static int bestLane(List<Lane> queues, boolean[] serves) {
            int best = -1;
            Item bestHead = null;
            for (int i = 0; i < queues.size(); i++) {
                if (!serves[i]) {
                    continue;
                }
                Item head = queues.get(i).peek();
                if (head != null && (best < 0 || head.before(bestHead))) {
                    best = i;
                    bestHead = head;
                }
            }
            return best;
        }
    }

    /**
     * One service's queue as the play reads it, without copying: the snapshot's list behind a cursor, and in the
     * ticket's own queue the ticket itself, after the tickets of its queue that the snapshot (up to a second
     * old) has not seen yet: the count ahead is exact, and a burst of presses must not all get one promise.
     */
    private static final class Lane {
        private final List<Item> base;
        private final Item self;
        private final int insertAt;
        private final int resumeAt;
        private final int fillers;
        private int cursor;

        Lane(List<Item> base, Item self, int insertAt, int resumeAt, int fillers) {
            this.base = base;
            this.self = self;
            this.insertAt = insertAt;
            this.resumeAt = resumeAt;
            this.fillers = fillers;
        }

        static Lane with(List<Item> base, Item self, boolean fresh, long pos, int ahead) {
            int at = base.size();
            int resume = at;
            for (int i = 0; i < base.size(); i++) {
                if (!fresh && base.get(i).pos() == pos) {
                    at = i;
                    resume = i + 1;
                    break;
                }
                if (self.before(base.get(i))) {
                    at = i;
                    resume = i;
                    break;
                }
            }
            return new Lane(base, self, at, resume, Math.max(0, Math.min(ahead - at, PLAYED)));
        }

        Item peek() {
            if (self == null) {
                return cursor < base.size() ? base.get(cursor) : null;
            }
            if (cursor < insertAt) {
                return base.get(cursor);
            }
            if (cursor < insertAt + fillers) {
                return new Item(self.rank(), self.pos() - fillers + (cursor - insertAt), false);
            }
            if (cursor == insertAt + fillers) {
                return self;
            }
            int i = resumeAt + cursor - insertAt - fillers - 1;
            return i < base.size() ? base.get(i) : null;
        }

        Item poll() {
            Item i = peek();
            if (i != null) {
                cursor++;
            }
            return i;
        }
    }

    /** A waiting ticket as the queue is played: {@code self} is the one being estimated. */
    private record Item(String service, int rank, long pos, boolean self) {
        Item(int rank, long pos, boolean self) {
            this(null, rank, pos, self);
        }

        /** Called before {@code o}: a higher class, or the same class and an older place. */
        boolean before(Item o) {
            return rank > o.rank || (rank == o.rank && pos < o.pos);
        }
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
                + "service = ? AND target_counter IS NULL AND rank = ? ORDER BY pos LIMIT " + PLAYED)) {
            for (ServiceType st : services) {
                List<Item> l = new ArrayList<>();
                for (int rank = 2; rank >= 0; rank--) {
                    ps.setString(1, day);
                    ps.setString(2, st.code());
                    ps.setInt(3, rank);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && l.size() < PLAYED) {
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
