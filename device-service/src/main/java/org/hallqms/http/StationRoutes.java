package org.hallqms.http;

import static org.hallqms.http.Requests.json;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.CatalogService;
import org.hallqms.store.Store;
import org.hallqms.sync.SyncFeed;

/** The police station's puller with the sync token: the event feed and its head, and what the station sends down. */
final class StationRoutes {
    private final Store store;
    private final CatalogService catalog;
    private final Appointments appointments;
    private final SyncFeed feed;
    private final AtomicReference<Long> lastAfter;

    /** @param lastAfter where the last cursor the station sent is kept, for the sync lag in {@code /metrics} */
    StationRoutes(HttpApi.Parts p, AtomicReference<Long> lastAfter) {
        this.store = p.store();
        this.catalog = p.catalog();
        this.appointments = p.appointments();
        this.feed = new SyncFeed(p.store());
        this.lastAfter = lastAfter;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/api/v1/sync/events", this::events, Role.STATION);
        r.get("/api/v1/sync/head", ctx -> {
            var head = store.head();
            json(ctx, 200, Map.of("seq", head.seq(), "hash", head.hash(), "v", SyncFeed.EVENTS_VERSION));
        }, Role.STATION);
        r.put("/api/v1/sync/appointments",
                ctx -> json(ctx, 200, appointments.put(Body.of(ctx).root(), "station")), Role.STATION);
        r.put("/api/v1/sync/catalog",
                ctx -> json(ctx, 200, catalog.apply(Body.of(ctx).root(), "station")), Role.STATION);
    }

    private void events(Context ctx) {
        long after = number(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Math.min(number(ctx, "limit", SyncFeed.DEFAULT_LIMIT, 1, Long.MAX_VALUE), SyncFeed.MAX_LIMIT);
        long head = store.head().seq();
        lastAfter.set(Math.min(after, head));
        if (after > head) {
            // A station ahead of the hall means the hall's data was replaced: say so, never answer "nothing new".
            throw new QmsException(Problem.CURSOR_BEYOND_HEAD, "after=" + after + " is past the hall's last "
                    + "event " + head, Map.of("head", head));
        }
        ctx.status(200).contentType("application/json; charset=utf-8");
        feed.page(after, limit, ctx.outputStream());
    }

    private static long number(Context ctx, String name, long def, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Problem.INVALID_REQUEST.exception(name + ": must be a whole number of at least " + min);
    }
}
