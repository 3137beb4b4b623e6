package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Today's waiting tickets of each service that any of its counters may call (no target counter), by class and
 * place, in memory: how many are ahead of a ticket without walking the queue index on every kiosk press (a long
 * queue made that walk a tenth of a press's CPU).
 *
 * <p>It follows the tickets table exactly: each move that adds or takes a ticket from a line registers the change
 * to run after its transaction commits ({@code Tx.afterCommit}), so nothing rolled back ever reaches it. A change is
 * a set operation (add or remove a place), so applying one again leaves the line as it was. That makes loading
 * safe while the writer goes on: the changes applied during a load are kept and applied again, in order, to what
 * the load read; a change the load's snapshot already held changes nothing the second time. It knows one day;
 * other days are answered by SQL, as is a press that comes while another loads.
 */
final class WaitingLine {
    private static final int RANKS = Priority.values().length;

    private String day;
    private Map<String, Lane> lanes = Map.of();
    /** The changes applied since a load began, to apply again to what it read; null when none runs. */
    private List<Change> duringLoad;

    /** A ticket joining ({@code join}) or leaving its service's line. */
    private record Change(boolean join, String day, String service, int rank, long pos) {
    }

    /** The places of one service's waiting tickets, per class (rank). */
    private static final class Lane {
        @SuppressWarnings("unchecked")
        final NavigableSet<Long>[] byRank = new NavigableSet[RANKS];

        Lane() {
            for (int r = 0; r < RANKS; r++) {
                byRank[r] = new TreeSet<>();
            }
        }

        /** As Tickets.ahead: a higher class first, then an earlier place in the same class. */
        int ahead(int rank, long pos) {
            int n = 0;
            for (int r = rank + 1; r < RANKS; r++) {
                n += byRank[r].size();
            }
            NavigableSet<Long> same = byRank[rank];
            if (same.isEmpty() || same.last() < pos) {
                return n + same.size();
            }
            if (same.last() == pos) {
                return n + same.size() - 1; // the newest ticket itself: all the others are ahead (no walk)
            }
            return n + same.headSet(pos, false).size();
        }
    }

    /** People ahead of a ticket of {@code day}, or empty when that day is not the one held (ask SQL). */
    synchronized OptionalInt ahead(String day, String service, int rank, long pos) {
        if (!day.equals(this.day) || rank < 0 || rank >= RANKS) {
            return OptionalInt.empty();
        }
        Lane lane = lanes.get(service);
        return OptionalInt.of(lane == null ? 0 : lane.ahead(rank, pos));
    }

    /**
     * People ahead, loading {@code day}'s line from the read connection first when it is newer than the one held;
     * SQL answers for an older day, and while another press is loading.
     */
    int ahead(Connection c, String day, String service, int rank, long pos) throws SQLException {
        OptionalInt held = ahead(day, service, rank, pos);
        if (held.isPresent()) {
            return held.getAsInt();
        }
        // days only move forward: a page asking about a ticket left from an earlier day is answered by SQL
        // rather than trading today's line for that day's
        if (load(c, day)) {
            held = ahead(day, service, rank, pos);
            if (held.isPresent()) {
                return held.getAsInt();
            }
        }
        return Tickets.ahead(c, day, service, rank, pos);
    }

    private boolean load(Connection c, String day) throws SQLException {
        synchronized (this) {
            if (duringLoad != null || (this.day != null && day.compareTo(this.day) <= 0)) {
                return false;
            }
            duringLoad = new ArrayList<>();
        }
        Map<String, Lane> loaded = new HashMap<>();
        boolean whole = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT service, rank, pos FROM tickets WHERE day = ? "
                + "AND state = 'waiting' AND target_counter IS NULL")) {
            ps.setString(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                boolean known = true;
                while (known && rs.next()) {
                    int rank = rs.getInt(2);
                    known = rank >= 0 && rank < RANKS; // a class this line does not know: SQL answers
                    if (known) {
                        loaded.computeIfAbsent(rs.getString(1), s -> new Lane()).byRank[rank].add(rs.getLong(3));
                    }
                }
                whole = known; // only once read to the end: a read that fails half way installs nothing
            }
        } finally {
            synchronized (this) {
                List<Change> meanwhile = duringLoad;
                duringLoad = null;
                if (whole) {
                    this.day = day;
                    this.lanes = loaded;
                    meanwhile.forEach(this::apply);
                }
            }
        }
        return whole;
    }

    /** A ticket joins its service's line (issued, or transferred to a service rather than a counter). */
    synchronized void joined(String day, String service, int rank, long pos) {
        change(new Change(true, day, service, rank, pos));
    }

    /** A ticket leaves its service's line (called, or transferred); nothing happens when it was not in it. */
    synchronized void left(String day, String service, int rank, long pos) {
        change(new Change(false, day, service, rank, pos));
    }

    private void change(Change ch) {
        if (duringLoad != null) {
            duringLoad.add(ch);
        }
        apply(ch);
    }

    private void apply(Change ch) {
        if (!ch.day().equals(day)) {
            return;
        }
        if (ch.rank() < 0 || ch.rank() >= RANKS) {
            day = null; // a class this line does not know: let SQL answer
            return;
        }
        if (ch.join()) {
            lanes.computeIfAbsent(ch.service(), s -> new Lane()).byRank[ch.rank()].add(ch.pos());
        } else {
            Lane lane = lanes.get(ch.service());
            if (lane != null) {
                lane.byRank[ch.rank()].remove(ch.pos());
            }
        }
    }
}
