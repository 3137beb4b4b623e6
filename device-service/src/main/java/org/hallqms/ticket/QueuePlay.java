package org.hallqms.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog.CounterDef;
import org.hallqms.catalog.Catalog.ServiceType;

/**
 * The queue played forward without the ticket being estimated, recorded step by step. Step {@code i} is window {@code win[i]} taking the head of queue {@code lane[i]} and then
 * being free at {@code freeAfter[i]}, or ({@code lane[i] == -1}) finding nothing it serves and closing.
 * It ends after {@link #PLAYED} takes or when every window has closed.
 */
record QueuePlay(Map<String, List<Item>> waiting, List<ServiceType> services, List<CounterDef> windows,
                 double[] free, double[] mean, boolean[][] serves, int[] win, int[] lane, double[] freeAfter,
                 int steps) {
    /**
     * Beyond this many tickets taken the promise is "long" anyway: the rest of the ticket's own queue is
     * extrapolated at its windows' pace. Bounds the work per press (measured: 2,000 cost half the bench's
     * throughput).
     */
    static final int PLAYED = 400;

    /** Plays the queues {@code waiting} (per service, in call order) from the windows' {@code free0} times. */
    static QueuePlay of(Map<String, List<Item>> waiting, List<ServiceType> services, List<CounterDef> windows,
                        double[] free0, double[] mean) {
        int n = windows.size();
        boolean[][] serves = new boolean[n][services.size()];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < services.size(); i++) {
                serves[k][i] = windows.get(k).serves(services.get(i).code());
            }
        }
        List<Lane> queues = new ArrayList<>(services.size());
        for (ServiceType s : services) {
            queues.add(new Lane(waiting.getOrDefault(s.code(), List.of()), null, 0, 0, 0));
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
        return new QueuePlay(waiting, services, windows, free0.clone(), mean.clone(), serves, win, lane, freeAfter, steps);
    }

    /**
     * The minutes until a window takes the ticket ({@code mine} is its own queue, the ticket in it). Until a
     * window that serves its queue reaches the ticket's place, the play is the recorded one.
     */
    int estimate(int me, Lane mine, int ahead) {
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
            queues.add(i == me ? mine : new Lane(waiting.getOrDefault(services.get(i).code(), List.of()),
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

    /**
     * One service's queue as the play reads it, without copying: the snapshot's list behind a cursor, and in the
     * ticket's own queue the ticket itself, after the tickets of its queue that the snapshot (up to a second
     * old) has not seen yet: the count ahead is exact, and a burst of presses must not all get one promise.
     */
    static final class Lane {
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
    record Item(String service, int rank, long pos, boolean self) {
        Item(int rank, long pos, boolean self) {
            this(null, rank, pos, self);
        }

        /** Called before {@code o}: a higher class, or the same class and an older place. */
        boolean before(Item o) {
            return rank > o.rank || (rank == o.rank && pos < o.pos);
        }
    }
}
