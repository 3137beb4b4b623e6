package org.hallqms.http;

import static org.hallqms.http.Requests.json;

import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/** Monitoring on the hall network: {@code /health} for the IT person and scripts, {@code /metrics} for Prometheus. */
final class OpsRoutes {
    private final HallOps hall;

    OpsRoutes(HallOps hall) {
        this.hall = hall;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(hall.metrics()), Role.PUBLIC);
        r.get("/health", ctx -> {
            Map<String, Object> h = hall.health();
            // A full disk is reported but answered 200: the health timer's restart could not free space.
            boolean up = Boolean.TRUE.equals(((Map<?, ?>) h.get("database")).get("ok"))
                    || Boolean.TRUE.equals(((Map<?, ?>) h.get("disk")).get("low"));
            json(ctx, up ? 200 : 503, h);
        }, Role.PUBLIC);
    }
}
