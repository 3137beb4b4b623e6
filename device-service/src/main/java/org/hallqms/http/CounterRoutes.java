package org.hallqms.http;

import static org.hallqms.http.Requests.CODE;
import static org.hallqms.http.Requests.COUNTER;
import static org.hallqms.http.Requests.REF;
import static org.hallqms.http.Requests.bearer;
import static org.hallqms.http.Requests.counter;
import static org.hallqms.http.Requests.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.hallqms.Problem;
import org.hallqms.counter.CounterDesk;
import org.hallqms.print.PrintService;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.hallqms.ticket.CounterCommand;
import org.hallqms.ticket.CounterView;
import org.hallqms.ticket.TicketEngine;

/** The window console: the officer's login and session, and the counter's actions on the queue. */
final class CounterRoutes {
    private static final Pattern OFFICER = Pattern.compile("[0-9A-Za-z]{4,16}");
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    private static final Pattern OUTCOME = Pattern.compile("done|incomplete");

    private final Store store;
    private final CounterDesk desk;
    private final TicketEngine engine;
    private final RatingService ratings;
    private final PrintService print;
    private final Live live;
    private final Pages pages;

    CounterRoutes(HttpApi.Parts p, Pages pages) {
        this.store = p.store();
        this.desk = p.desk();
        this.engine = p.engine();
        this.ratings = p.ratings();
        this.print = p.print();
        this.live = p.live();
        this.pages = pages;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/counter/{counter}", ctx -> pages.page(ctx, "counter"), Role.LOGIN_PAGE);
        r.post("/api/v1/counters/{counter}/session", this::login, Role.PIN);
        r.delete("/api/v1/counters/{counter}/session", ctx -> {
            desk.logout(counter(ctx), bearer(ctx));
            ctx.status(204);
        }, Role.OFFICER);
        // open like the board; the officer of this counter also sees how the last citizen rated the service
        r.get("/api/v1/counters/{counter}", this::view, Role.PUBLIC);
        r.get("/api/v1/counters/{counter}/waiting",
                ctx -> json(ctx, 200, Map.of("waiting", engine.waitingFor(counter(ctx)))), Role.OFFICER);
        r.post("/api/v1/counters/{counter}/call-next",
                ctx -> json(ctx, 200, act(ctx, new CounterCommand.Next())), Role.OFFICER);
        r.post("/api/v1/counters/{counter}/call", ctx -> {
            Body b = Body.of(ctx);
            json(ctx, 200, act(ctx, new CounterCommand.Call(
                    b.requiredText("ticket", 32, REF, "a ticket id or number such as A012"))));
        }, Role.OFFICER);
        r.post("/api/v1/counters/{counter}/recall",
                ctx -> json(ctx, 200, act(ctx, new CounterCommand.Recall())), Role.OFFICER);
        r.post("/api/v1/counters/{counter}/start",
                ctx -> json(ctx, 200, act(ctx, new CounterCommand.Start())), Role.OFFICER);
        r.post("/api/v1/counters/{counter}/finish", this::finish, Role.OFFICER);
        r.post("/api/v1/counters/{counter}/no-show",
                ctx -> json(ctx, 200, act(ctx, new CounterCommand.NoShow())), Role.OFFICER);
        r.post("/api/v1/counters/{counter}/transfer", ctx -> {
            Body b = Body.of(ctx);
            json(ctx, 200, act(ctx, new CounterCommand.Transfer(
                    b.text("service", 32, CODE, "a service code"),
                    b.text("counter", 16, COUNTER, "a counter id"))));
        }, Role.OFFICER);
        r.post("/api/v1/counters/{counter}/pause", ctx -> {
            Body b = Body.of(ctx);
            String reason = b.requiredText("reason", 64, null, "a short reason of at most 64 characters");
            desk.pause(counter(ctx), bearer(ctx), reason.strip());
            json(ctx, 200, engine.counter(counter(ctx)));
        }, Role.OFFICER);
        r.post("/api/v1/counters/{counter}/resume", ctx -> {
            desk.resume(counter(ctx), bearer(ctx));
            json(ctx, 200, engine.counter(counter(ctx)));
        }, Role.OFFICER);
    }

    /** The console's counter actions: the same command type the keypads and the GPIO button send. */
    private CounterView act(Context ctx, CounterCommand command) {
        return engine.counters().apply(counter(ctx), new CounterCommand.Console(bearer(ctx)), command, null);
    }

    private void view(Context ctx) {
        CounterView v = engine.counter(counter(ctx));
        if (!desk.holds(v.counter(), bearer(ctx))) {
            json(ctx, 200, v);
            return;
        }
        live.known(ctx.ip());
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Json.MAPPER.convertValue(v, LinkedHashMap.class);
        ratings.lastOfCounter(v.counter()).ifPresent(rating -> out.put("lastRating", rating));
        json(ctx, 200, out);
    }

    private void login(Context ctx) {
        // plain HTTP from the network was refused before (https-required), as for every counter action
        Body b = Body.of(ctx);
        String officer = b.requiredText("officer", 16, OFFICER, "a police number");
        String pin = b.requiredText("pin", 12, PIN, "a PIN of 4 to 12 digits");
        JsonNode takeover = b.root().get("takeover");
        if (takeover != null && !takeover.isNull() && !takeover.isBoolean()) {
            throw Problem.INVALID_REQUEST.exception("takeover: must be true or false");
        }
        CounterDesk.Session s = desk.login(counter(ctx), officer, pin, LiveSlots.normal(ctx.ip()),
                takeover != null && takeover.asBoolean());
        // the console at this address opens /api/v1/live next; it is no stranger now
        live.known(ctx.ip());
        json(ctx, 201, Map.of("token", s.token(), "counter", s.counter(), "officer", s.officer(),
                "officerName", s.officerName()));
    }

    private void finish(Context ctx) {
        Body b = Body.of(ctx);
        String outcome = b.requiredText("outcome", 16, OUTCOME, "'done' or 'incomplete'");
        CounterView v = act(ctx, new CounterCommand.Finish(outcome, b.strings("missing", 40, 60),
                b.text("reason", 32, CODE, "a reason code of the catalogue's incompleteReasons"),
                b.text("note", 500, null, "a note of at most 500 characters")));
        if (v.notice() == null) {
            json(ctx, 200, v);
            return;
        }
        // The 告知单 is always in the answer, for the console to show; paper only where the window has a printer.
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Json.MAPPER.convertValue(v, LinkedHashMap.class);
        print.notice(v.counter(), v.notice(), OffsetDateTime.now(store.clock())).ifPresent(ok -> out.put("noticePrinted", ok));
        json(ctx, 200, out);
    }
}
