package org.hallqms.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.store.Json;
import org.hallqms.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become RFC 9457 problem+json. Clients never see a stack trace. */
final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** Every refusal of every route group ends here; a refused credential also counts against the address. */
    static void register(RoutesConfig routes, AuthGuard guard) {
        routes.exception(QmsException.class, (e, ctx) -> {
            if (e.problem().status() == 401) {
                guard.failed(ctx.ip());
            }
            qms(e, ctx);
        });
        routes.exception(StoreException.class, Problems::store);
        routes.exception(HttpResponseException.class, Problems::http);
        routes.exception(Exception.class, Problems::unexpected);
    }

    static void qms(QmsException e, Context ctx) {
        write(ctx, e.problem(), e.getMessage(), e.extra());
    }

    private static final java.util.concurrent.atomic.AtomicLong lastStoreLog = new java.util.concurrent.atomic.AtomicLong();

    static void store(StoreException e, Context ctx) {
        long now = System.nanoTime();
        long last = lastStoreLog.get();
        // every kiosk press fails the same way while the disk is full: one line per 10 s, not thousands
        if (now - last > 10_000_000_000L && lastStoreLog.compareAndSet(last, now)) {
            log.error("http: {} {}: database unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
        }
        if (e.diskFull()) {
            write(ctx, Problem.DISK_FULL, "the disk of the data directory is full: no ticket can be issued until space "
                    + "is freed (the IT person sees it in /health); nothing was written", Map.of());
            return;
        }
        write(ctx, Problem.STORE_UNAVAILABLE, "the database cannot take this request now; try again", Map.of());
    }

    static void http(HttpResponseException e, Context ctx) {
        Problem p = switch (e.getStatus()) {
            case 404 -> Problem.NOT_FOUND;
            case 405 -> Problem.METHOD_NOT_ALLOWED;
            case 413 -> Problem.BODY_TOO_LARGE;
            case 401 -> Problem.UNAUTHORIZED;
            default -> e.getStatus() < 500 ? Problem.INVALID_REQUEST : Problem.INTERNAL;
        };
        write(ctx, p, p == Problem.NOT_FOUND ? "no route " + ctx.method() + " " + ctx.path() : e.getMessage(), Map.of());
    }

    static void unexpected(Exception e, Context ctx) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        log.error("http: {} {} failed, incident {}", ctx.method(), ctx.path(), incident, e);
        write(ctx, Problem.INTERNAL, "unexpected error; incident " + incident + " is in the service log", Map.of());
    }

    static void write(Context ctx, Problem p, String detail, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", detail);
        body.put("instance", ctx.path());
        body.putAll(extra);
        if (p == Problem.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(p.status()).contentType("application/problem+json; charset=utf-8").result(Json.write(body));
    }
}
