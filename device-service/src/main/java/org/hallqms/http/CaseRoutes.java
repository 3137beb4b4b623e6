package org.hallqms.http;

import static org.hallqms.http.Requests.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.hallqms.Problem;
import org.hallqms.cases.Cases;

/**
 * Cases (件件有回音): read and answered with the admin token at the hall, or with the station token from the
 * station's console, which forwards its user's name as {@code by}.
 */
final class CaseRoutes {
    private static final Pattern ID = Pattern.compile("C\\d{8}-\\d{3,6}");
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,64}");

    private final Cases cases;
    private final AccessTokens tokens;

    CaseRoutes(HttpApi.Parts p) {
        this.cases = p.cases();
        this.tokens = p.tokens();
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/api/v1/cases", ctx -> json(ctx, 200, cases.list(ctx.queryParam("state"), day(ctx))),
                Role.ADMIN_OR_STATION);
        r.get("/api/v1/cases/{id}", ctx -> json(ctx, 200, cases.get(id(ctx))
                .orElseThrow(() -> unknown(ctx))), Role.ADMIN_OR_STATION);
        r.post("/api/v1/cases/{id}/callback", ctx -> {
            String id = id(ctx);
            Body b = Body.of(ctx);
            json(ctx, 200, cases.callback(id, by(ctx, b), text(b, "note")));
        }, Role.ADMIN_OR_STATION);
        r.post("/api/v1/cases/{id}/resolve", ctx -> {
            String id = id(ctx);
            Body b = Body.of(ctx);
            json(ctx, 200, cases.resolve(id, by(ctx, b), text(b, "reply"), text(b, "note")));
        }, Role.ADMIN_OR_STATION);
        r.post("/api/v1/cases/{id}/dismiss", ctx -> {
            String id = id(ctx);
            Body b = Body.of(ctx);
            json(ctx, 200, cases.dismiss(id, by(ctx, b), text(b, "reason")));
        }, Role.ADMIN_OR_STATION);
    }

    /** A malformed id is an unknown case: both say "no such case" to the console. */
    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw unknown(ctx);
        }
        return id;
    }

    private static org.hallqms.QmsException unknown(Context ctx) {
        return Problem.UNKNOWN_CASE.exception("no case '" + ctx.pathParam("id") + "'");
    }

    /** "admin" for the admin token; "station", or "station:NAME" when the console names its user. */
    private String by(Context ctx, Body b) {
        if (tokens.isAdmin(Requests.bearer(ctx))) {
            return "admin";
        }
        String name = b.text("by", 64, NAME, "the console user's name, 1 to 64 characters");
        return name == null || name.isBlank() ? "station" : "station:" + name.strip();
    }

    /** The field's text as sent (the cases package checks length and content), or null when absent. */
    private static String text(Body b, String field) {
        JsonNode v = b.root().get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw Problem.INVALID_REQUEST.exception(field + ": must be text");
        }
        return v.asText();
    }

    private static LocalDate day(Context ctx) {
        String d = ctx.queryParam("day");
        if (d == null) {
            return null;
        }
        try {
            return LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw Problem.INVALID_REQUEST.exception("day: must be a date like 2026-11-29");
        }
    }
}
