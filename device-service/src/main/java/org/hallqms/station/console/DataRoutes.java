package org.hallqms.station.console;

import static org.hallqms.station.console.ConsoleHttp.json;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hallqms.station.StationView;
import org.hallqms.station.StationView.CaseAction;

/**
 * The console's figures and case actions (design §11), each limited to what the logged-in user may see: a hall
 * leader's lists hold their hall only, and another hall's day or case is a 403.
 */
final class DataRoutes {
    /** The halls' business-day zone (design §6 default): "today" and default ranges are days there. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_DAYS = 366;
    private static final Set<String> STATES = Set.of("open", "called-back", "resolved", "dismissed");
    private static final Pattern CASE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_TEXT = 500;

    private final StationView view;
    private final Set<String> halls;
    private final Clock clock;

    DataRoutes(StationView view, Set<String> halls, Clock clock) {
        this.view = view;
        this.halls = halls;
        this.clock = clock;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/api/v1/halls", ctx -> json(ctx, 200, view.halls(user(ctx).halls())), ConsoleRole.USER);
        r.get("/api/v1/halls/{hall}/days/{day}", this::day, ConsoleRole.USER);
        r.get("/api/v1/cases", this::cases, ConsoleRole.USER);
        for (String action : List.of("callback", "resolve", "dismiss")) {
            r.post("/api/v1/cases/{hall}/{id}/" + action, ctx -> act(ctx, action), ConsoleRole.USER);
        }
        r.get("/api/v1/officers", ctx -> {
            LocalDate[] range = range(ctx);
            json(ctx, 200, view.officers(range[0], range[1], user(ctx).halls()));
        }, ConsoleRole.USER);
        r.get("/api/v1/reports", this::report, ConsoleRole.USER);
    }

    private static User user(Context ctx) {
        return ctx.attribute(ConsoleHttp.USER);
    }

    private void day(Context ctx) {
        String hall = hall(ctx, ctx.pathParam("hall"));
        String d = ctx.pathParam("day");
        LocalDate day = d.equals("today") ? today() : date("day", d);
        json(ctx, 200, view.day(hall, day).orElseThrow(() -> unknownHall(hall)));
    }

    private void cases(Context ctx) {
        String state = ctx.queryParam("state");
        if (state != null && !state.isEmpty() && !STATES.contains(state)) {
            throw ConsoleProblem.INVALID_REQUEST.refuse("state: must be one of open, called-back, resolved, dismissed");
        }
        String h = ctx.queryParam("hall");
        Set<String> scope = h == null || h.isEmpty() ? user(ctx).halls() : Set.of(hall(ctx, h));
        json(ctx, 200, view.cases(state == null || state.isEmpty() ? null : state, scope));
    }

    private void act(Context ctx, String action) {
        String hall = hall(ctx, ctx.pathParam("hall"));
        String id = ctx.pathParam("id");
        if (!CASE_ID.matcher(id).matches()) {
            throw ConsoleProblem.NOT_FOUND.refuse("no case '" + (id.length() > 64 ? id.substring(0, 64) + "…" : id) + "'");
        }
        ConsoleBody body = ConsoleBody.of(ctx);
        CaseAction a = switch (action) {
            case "callback" -> new CaseAction.Callback(body.caseText("note", MAX_TEXT, false));
            case "resolve" -> new CaseAction.Resolve(body.caseText("reply", MAX_TEXT, true),
                    body.caseText("note", MAX_TEXT, false));
            default -> new CaseAction.Dismiss(body.caseText("reason", MAX_TEXT, true));
        };
        json(ctx, 200, view.act(hall, id, a, user(ctx).name()));
    }

    private void report(Context ctx) {
        String format = ctx.queryParamAsClass("format", String.class).getOrDefault("json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw ConsoleProblem.INVALID_REQUEST.refuse("format: must be csv or json");
        }
        LocalDate[] range = range(ctx);
        List<StationView.ReportRow> rows = view.report(range[0], range[1], user(ctx).halls());
        if (format.equals("json")) {
            json(ctx, 200, rows);
            return;
        }
        ctx.header("Content-Disposition", "attachment; filename=\"qms-report-" + range[0] + "-" + range[1] + ".csv\"");
        ctx.status(200).contentType("text/csv; charset=utf-8")
                .result(ReportCsv.write(rows).getBytes(StandardCharsets.UTF_8));
    }

    /** A configured hall the user may see: 404 when none is configured by that name, 403 when it is not theirs. */
    private String hall(Context ctx, String hall) {
        if (!halls.contains(hall)) {
            throw unknownHall(hall);
        }
        if (!user(ctx).sees(hall)) {
            throw ConsoleProblem.OTHER_HALL.refuse("this account sees hall '" + user(ctx).hall() + "' only");
        }
        return hall;
    }

    private static ConsoleProblem.Refusal unknownHall(String hall) {
        return ConsoleProblem.UNKNOWN_HALL.refuse("no hall '" + (hall.length() > 64 ? hall.substring(0, 64) + "…" : hall)
                + "' is configured");
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    /** {@code from} and {@code to}, inclusive; by default the last 7 days to today. */
    private LocalDate[] range(Context ctx) {
        String f = ctx.queryParam("from");
        String t = ctx.queryParam("to");
        LocalDate to = t == null || t.isEmpty() ? today() : date("to", t);
        LocalDate from = f == null || f.isEmpty() ? to.minusDays(6) : date("from", f);
        if (from.isAfter(to)) {
            throw ConsoleProblem.INVALID_RANGE.refuse("from " + from + " is after to " + to);
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw ConsoleProblem.RANGE_TOO_LONG.refuse("from " + from + " to " + to + " is "
                    + (ChronoUnit.DAYS.between(from, to) + 1) + " days; at most " + MAX_DAYS);
        }
        return new LocalDate[] {from, to};
    }

    private static LocalDate date(String name, String v) {
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw ConsoleProblem.INVALID_DATE.refuse(name + ": '" + (v.length() > 20 ? v.substring(0, 20) + "…" : v)
                + "' is not a date YYYY-MM-DD");
    }
}
