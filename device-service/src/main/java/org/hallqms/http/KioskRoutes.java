package org.hallqms.http;

import static org.hallqms.http.Requests.CODE;
import static org.hallqms.http.Requests.REF;
import static org.hallqms.http.Requests.REQUEST_ID;
import static org.hallqms.http.Requests.REQUEST_ID_RULE;
import static org.hallqms.http.Requests.json;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hallqms.PersonalId;
import org.hallqms.Problem;
import org.hallqms.alarm.Alarms;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.CatalogService;
import org.hallqms.print.PrintService;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketEngine;
import org.hallqms.voice.CallAudio;

/**
 * What the hall network may use without a credential: the kiosk (services, tickets, complaints), the phone's
 * status page, the wall board (its page, live updates and call audio) and the pages' files.
 */
final class KioskRoutes {
    private static final Pattern CHANNEL = Pattern.compile("kiosk|button|appointment|staff");

    private final Store store;
    private final CatalogService catalog;
    private final TicketEngine engine;
    private final Appointments appointments;
    private final Alarms alarms;
    private final PrintService print;
    private final CallAudio audio;
    private final Live live;
    private final AccessTokens tokens;
    private final Pages pages;
    private final org.hallqms.cases.Cases cases;

    KioskRoutes(HttpApi.Parts p, Pages pages) {
        this.cases = p.cases();
        this.store = p.store();
        this.catalog = p.catalog();
        this.engine = p.engine();
        this.appointments = p.appointments();
        this.alarms = p.alarms();
        this.print = p.print();
        this.audio = p.audio();
        this.live = p.live();
        this.tokens = p.tokens();
        this.pages = pages;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/api/v1/services", ctx -> json(ctx, 200, Map.of("services", engine.services(),
                "appointments", appointments.anyBooked(store.today()),
                "incompleteReasons", catalog.current().incompleteReasons())), Role.PUBLIC);
        r.post("/api/v1/tickets", this::issue, Role.PUBLIC);
        r.get("/api/v1/tickets/{id}", this::ticket, Role.PUBLIC);
        r.get("/t/{id}", ctx -> TicketPage.render(ctx, engine, catalog.current(), cases::replies), Role.PUBLIC);
        r.post("/api/v1/complaints", this::complain, Role.PUBLIC);
        r.get("/t/{id}/qr.svg", ctx -> {
            String id = ctx.pathParam("id");
            engine.status(REF.matcher(id).matches() ? id : "-")
                    .orElseThrow(() -> Problem.UNKNOWN_TICKET.exception("no ticket '" + id + "'"));
            Pages.qr(ctx, print.statusUrl(id));
        }, Role.PUBLIC);
        r.sse("/api/v1/live", live::connect, Role.PUBLIC);
        // open like the board: a call's sentence as one WAV (the id is the calls message's id)
        r.get("/api/v1/calls/{id}/audio.wav", ctx -> Pages.wav(ctx, audio.wav(ctx.pathParam("id"))
                .orElseThrow(() -> Problem.UNKNOWN_CALL.exception("no call has this id; use the audio path of a "
                        + "calls message or live call event"))), Role.PUBLIC);

        r.get("/", ctx -> ctx.redirect("/kiosk"), Role.PUBLIC);
        r.get("/kiosk", ctx -> pages.page(ctx, "kiosk"), Role.PUBLIC);
        r.get("/board", ctx -> pages.page(ctx, "board"), Role.PUBLIC);
        r.get("/assets/{file}", pages::asset, Role.PUBLIC);
    }

    private void issue(Context ctx) {
        Body b = Body.of(ctx);
        String appointment = b.text("appointment", 32, Appointments.CODE, "an appointment code of 4 to 32 letters and digits");
        String service = appointment != null ? b.text("service", 32, CODE, "a service code such as id-card")
                : b.requiredText("service", 32, CODE, "a service code such as id-card");
        String requestId = b.requiredText("requestId", 64, REQUEST_ID, REQUEST_ID_RULE);
        String channel = b.text("channel", 16, CHANNEL, "one of kiosk, button, appointment, staff");
        if (appointment != null && channel != null && !channel.equals("appointment")) {
            throw Problem.INVALID_REQUEST.exception("channel: a check-in by appointment code has channel 'appointment'");
        }
        channel = channel == null ? (appointment != null ? "appointment" : "kiosk") : channel;
        if ((channel.equals("staff") || (channel.equals("appointment") && appointment == null))
                && !tokens.isAdmin(Requests.bearer(ctx))) {
            // The appointment class comes from a booking's code; without one, only staff may give it. A rule of the
            // body, not of the route: the kiosk's own presses need no token.
            throw Problem.FORBIDDEN_CHANNEL.exception("channel '" + channel + "' without an appointment code needs the "
                    + "admin token");
        }
        TicketEngine.Issued i = engine.issue(new TicketEngine.IssueRequest(service, requestId, channel, appointment));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.ticket().id());
        out.put("number", i.ticket().number());
        out.put("service", i.ticket().service());
        out.put("serviceName", catalog.current().service(i.ticket().service()).map(s -> s.name()).orElse(null));
        out.put("state", i.ticket().state());
        out.put("priority", i.ticket().priority());
        out.put("issuedAt", i.ticket().issuedAt());
        out.put("ahead", i.ahead());
        out.put("estimatedWaitMinutes", i.estimatedWaitMinutes());
        out.put("materials", i.materials());
        if (i.appointment() != null) {
            out.put("appointment", i.appointment());
        }
        if (i.created() && !channel.equals("staff")) {
            // After the commit: a printer out of paper never costs the citizen the ticket.
            print.ticket(catalog.current(), i).ifPresent(o -> {
                out.put("printed", o.printed());
                out.put("printer", o.state().wire());
            });
        }
        out.put("statusUrl", print.statusUrl(i.ticket().id()));
        ctx.header("Location", "/api/v1/tickets/" + i.ticket().id());
        json(ctx, i.created() ? 201 : 200, out);
    }

    /** 办不成事反映: the kiosk's complaint button; an alarm for the duty officer. */
    private void complain(Context ctx) {
        Body b = Body.of(ctx);
        String requestId = b.requiredText("requestId", 64, REQUEST_ID, REQUEST_ID_RULE);
        String ticket = b.text("ticket", 32, REF, "a ticket number such as A012, or its id");
        String reason = b.text("reason", 32, CODE, "a reason code of the catalogue's incompleteReasons");
        Alarms.Alarm a = alarms.complain(requestId, ticket, reason);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alarm", a.id());
        out.put("ticket", a.number());
        out.put("reason", a.reason());
        out.put("message", "已通知值班民警，请在原地稍候");
        json(ctx, 201, out);
    }

    private void ticket(Context ctx) {
        String id = ctx.pathParam("id");
        if (PersonalId.in(id)) {
            throw Problem.PERSONAL_ID.exception(PersonalId.refusal("the ticket id"));
        }
        TicketEngine.Status s = (REF.matcher(id).matches() ? engine.status(id) : Optional.<TicketEngine.Status>empty())
                .orElseThrow(() -> Problem.UNKNOWN_TICKET.exception("no ticket '" + id + "'"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ticket", s.ticket());
        out.put("ahead", s.ahead());
        out.put("estimatedWaitMinutes", s.estimatedWaitMinutes());
        json(ctx, 200, out);
    }
}
