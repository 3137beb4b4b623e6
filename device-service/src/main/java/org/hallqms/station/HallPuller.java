package org.hallqms.station;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verified pull of one hall, shared by {@code sync-pull} and the station console's loop: page after page
 * from the stored cursor, each event checked against its predecessor, each page stored with the cursor in one
 * transaction. A break stores what verified before it and marks the hall broken.
 */
final class HallPuller {
    private static final Logger log = LoggerFactory.getLogger(HallPuller.class);

    private HallPuller() {
    }

    /**
     * Pulls until the hall has nothing more (or {@code go} turns false).
     *
     * @return the seq the station now holds for this hall
     */
    static long pull(StationDb db, HallClient h, String url, int limit, BooleanSupplier go)
            throws SyncPull.ChainBroken, IOException, InterruptedException, SQLException {
        StationDb.Cursor cur = db.cursor(h.hall(), url);
        EventHead at = cur.head();
        long start = at.seq();
        long t0 = System.nanoTime();
        while (go.getAsBoolean()) {
            HallClient.Page page;
            try {
                page = h.page(at.seq(), limit);
            } catch (HallClient.Refused e) {
                if (e.type.endsWith(":cursor-beyond-head")) {
                    String why = "the hall's log is shorter than the " + at.seq() + " events already pulled: "
                            + e.getMessage() + " (its data was replaced or restored from an older backup)";
                    db.markBroken(h.hall(), at.seq(), why);
                    throw new SyncPull.ChainBroken(at.seq(), why);
                }
                throw e;
            }
            List<Event> good = new ArrayList<>(page.events().size());
            SyncPull.ChainBroken bad = null;
            EventHead prev = at;
            for (Event e : page.events()) {
                bad = check(prev, e);
                if (bad != null) {
                    break;
                }
                good.add(e);
                prev = new EventHead(e.seq(), e.hash());
            }
            if (!db.append(h.hall(), at, good)) {
                // another puller moved this hall's cursor: continue from where it is now
                at = db.cursor(h.hall(), url).head();
                continue;
            }
            at = prev;
            if (bad != null) {
                db.markBroken(h.hall(), bad.seq, bad.getMessage());
                throw bad;
            }
            if (!page.more()) {
                break;
            }
        }
        if (at.seq() > start) {
            log.info("sync-pull: hall {}: {} events pulled and verified in {} ms, now at seq {}", h.hall(),
                    at.seq() - start, (System.nanoTime() - t0) / 1_000_000, at.seq());
        }
        return at.seq();
    }

    /** Null when {@code e} follows {@code prev}; otherwise the first bad seq and what is wrong with it. */
    static SyncPull.ChainBroken check(EventHead prev, Event e) {
        long want = prev.seq() + 1;
        if (e.seq() > want) {
            return new SyncPull.ChainBroken(want, "event " + want + " is missing: the hall sent seq " + e.seq()
                    + " after " + prev.seq() + " (a row was deleted)");
        }
        if (e.seq() < want) {
            return new SyncPull.ChainBroken(e.seq(), "the hall sent seq " + e.seq() + " again after " + prev.seq());
        }
        if (!e.prevHash().equals(prev.hash())) {
            return new SyncPull.ChainBroken(e.seq(), "event " + e.seq() + " does not follow event " + prev.seq()
                    + ": its prevHash " + e.prevHash() + " is not " + prev.hash() + " (an earlier row was altered "
                    + "and its hash recomputed, or this row was)");
        }
        if (!e.verifies(prev.hash())) {
            return new SyncPull.ChainBroken(e.seq(), "event " + e.seq() + " (" + e.type() + ") was altered: its "
                    + "content does not match its hash");
        }
        return null;
    }
}
