package org.hallqms.http;

import static org.hallqms.http.Requests.json;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hallqms.Problem;
import org.hallqms.alarm.Alarms;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.CatalogService;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketEngine;

/** The admin page and what it calls with the admin token: queue, stats, devices, catalogue, appointments, alarms. */
final class AdminRoutes {
    private final Store store;
    private final CatalogService catalog;
    private final TicketEngine engine;
    private final Appointments appointments;
    private final Alarms alarms;
    private final RatingService ratings;
    private final HallOps hall;
    private final Pages pages;
    private final org.hallqms.cases.Cases cases;

    AdminRoutes(HttpApi.Parts p, Pages pages) {
        this.store = p.store();
        this.catalog = p.catalog();
        this.engine = p.engine();
        this.appointments = p.appointments();
        this.alarms = p.alarms();
        this.ratings = p.ratings();
        this.hall = p.hall();
        this.pages = pages;
        this.cases = p.cases();
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/admin", ctx -> pages.page(ctx, "admin"), Role.LOGIN_PAGE);
        r.get("/api/v1/queue", ctx -> json(ctx, 200, engine.queue()), Role.ADMIN);
        r.get("/api/v1/stats", this::stats, Role.ADMIN);
        r.get("/api/v1/devices", ctx -> json(ctx, 200, Map.of("devices", hall.devices())), Role.ADMIN);
        r.get("/api/v1/devices/configs", ctx -> json(ctx, 200, hall.deviceConfigs()), Role.ADMIN);
        r.post("/api/v1/devices/reload", ctx -> json(ctx, 200, hall.reloadDevices()), Role.ADMIN);
        r.post("/api/v1/devices/{id}/secret", ctx -> {
            // shown once: no cache may keep it
            ctx.header("Cache-Control", "no-store");
            json(ctx, 201, hall.deviceSecret(ctx.pathParam("id")));
        }, Role.ADMIN);
        r.get("/api/v1/catalog", ctx -> json(ctx, 200, catalog.current()), Role.ADMIN);
        r.put("/api/v1/catalog", ctx -> json(ctx, 200, catalog.apply(Body.of(ctx).root(), "admin")), Role.ADMIN);
        r.get("/api/v1/appointments",
                ctx -> json(ctx, 200, Map.of("appointments", appointments.list(range(ctx)[0]))), Role.ADMIN);
        r.put("/api/v1/appointments",
                ctx -> json(ctx, 200, appointments.put(Body.of(ctx).root(), "admin")), Role.ADMIN);
        r.post("/api/v1/appointments",
                ctx -> json(ctx, 201, appointments.add(Body.of(ctx).root(), "admin")), Role.ADMIN);
        r.get("/api/v1/alarms", ctx -> json(ctx, 200, Map.of("active", alarms.active(),
                "day", alarms.ofDay(range(ctx)[0]))), Role.ADMIN);
        r.post("/api/v1/alarms/{id}/clear", ctx -> {
            Body b = Body.of(ctx);
            String by = b.text("by", 64, null, "who dealt with it, at most 64 characters");
            json(ctx, 200, alarms.clear(alarmId(ctx), by == null ? "admin" : by.strip()));
        }, Role.ADMIN);
    }

    private void stats(Context ctx) {
        LocalDate[] range = range(ctx);
        Map<String, Object> out = new LinkedHashMap<>(engine.stats(range[0], range[1]));
        out.put("ratings", ratings.stats(range[0], range[1]));
        out.put("appointments", appointments.stats(range[0], range[1]));
        out.put("alarms", alarms.stats(range[0], range[1]));
        out.put("cases", cases.stats(range[0], range[1]));
        if ("csv".equals(ctx.queryParam("format"))) {
            ctx.status(200).contentType("text/csv; charset=utf-8").header("Content-Disposition",
                    "attachment; filename=\"stats-" + range[0] + (range[0].equals(range[1]) ? "" : "_" + range[1])
                            + ".csv\"").result(Csv.flat(out));
            return;
        }
        json(ctx, 200, out);
    }

    private static long alarmId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.UNKNOWN_ALARM.exception("no alarm '" + ctx.pathParam("id") + "'");
        }
    }

    /** {@code day}, or {@code from} and {@code to} (at most 366 days); today when none is given. */
    private LocalDate[] range(Context ctx) {
        LocalDate day = date(ctx, "day");
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (day != null && (from != null || to != null)) {
            throw Problem.INVALID_REQUEST.exception("give either day, or from and to");
        }
        if ((from == null) != (to == null)) {
            throw Problem.INVALID_REQUEST.exception("from and to: give both, like from=2026-11-01&to=2026-11-30");
        }
        if (from != null) {
            if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 365) {
                throw Problem.INVALID_REQUEST.exception("to: must be on or after from, and at most 366 days later");
            }
            return new LocalDate[] {from, to};
        }
        LocalDate d = day == null ? store.today() : day;
        return new LocalDate[] {d, d};
    }

    private static LocalDate date(Context ctx, String name) {
        String d = ctx.queryParam(name);
        if (d == null) {
            return null;
        }
        try {
            return LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw Problem.INVALID_REQUEST.exception(name + ": must be a date like 2026-11-27");
        }
    }
}
