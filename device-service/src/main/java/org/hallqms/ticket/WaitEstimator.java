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
        Map<String, Integer> index = new HashMap<>();
        List<ServiceType> services = cat.services();
        double[] mean = new double[services.size()];
        for (int i = 0; i < services.size(); i++) {
            index.put(services.get(i).code(), i);
            mean[i] = times.meanMinutes(services.get(i).code(), services.get(i).meanServiceMinutes());
        }
        int me = index.get(st.code());
        Item self = new Item(rank, fresh ? Long.MAX_VALUE : pos, true);
        // per service, the waiting tickets in call order, the ticket itself among them
        Snapshot snap = snapshot(c, day, services);
        List<Lane> queues = new ArrayList<>(services.size());
        for (int i = 0; i < services.size(); i++) {
            List<Item> base = snap.waiting().getOrDefault(services.get(i).code(), List.of());
            queues.add(i == me ? Lane.with(base, self, fresh, pos, ahead) : new Lane(base, null, 0, 0, 0));
        }
        // the windows: when each is next free
        int n = windows.size();
        double[] free = new double[n];
        boolean[] done = new boolean[n];
        for (int k = 0; k < n; k++) {
            CounterRow r = rows.get(windows.get(k).id());
            if (r != null && r.ticket() != null) {
                Ticket t = Tickets.byId(c, r.ticket()).orElse(null);
                if (t != null && t.calledAt() != null) {
                    double m = index.containsKey(t.service()) ? mean[index.get(t.service())] : 5.0;
                    double elapsed = Math.max(0, Duration.between(OffsetDateTime.parse(t.calledAt()), now).toSeconds() / 60.0);
                    // a citizen who has already taken longer than most is still expected to need a little
                    free[k] = Math.max(0.25 * m, m - elapsed);
                }
            }
        }
        int played = 0;
        int takenMine = 0;
        while (true) {
            int k = -1;
            for (int j = 0; j < n; j++) {
                if (!done[j] && (k < 0 || free[j] < free[k])) {
                    k = j;
                }
            }
            if (k < 0) {
                return 0;
            }
            int best = -1;
            for (int i = 0; i < services.size(); i++) {
                Item head = queues.get(i).peek();
                if (head != null && windows.get(k).serves(services.get(i).code())
                        && (best < 0 || head.before(queues.get(best).peek()))) {
                    best = i;
                }
            }
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
                // a very long queue: the rest of the ticket's own queue at the pace of its windows
                long serving = windows.stream().filter(d -> d.serves(st.code())).count();
                return (int) Math.round(free[k] + Math.max(1, ahead - takenMine + 1) * mean[me] / Math.max(1, serving));
            }
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
