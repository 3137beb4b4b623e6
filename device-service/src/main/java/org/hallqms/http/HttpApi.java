package org.hallqms.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hallqms.PersonalId;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.alarm.Alarms;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.CatalogService;
import org.hallqms.config.Config;
import org.hallqms.config.Pem;
import org.hallqms.print.PrintService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.hallqms.store.StoreException;
import org.hallqms.sync.SyncFeed;
import org.hallqms.ticket.CounterView;
import org.hallqms.ticket.TicketEngine;

/** Builds the Javalin app with every v1 route. */
public final class HttpApi {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HttpApi.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern CHANNEL = Pattern.compile("kiosk|button|appointment|staff");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern COUNTER = Pattern.compile("[A-Za-z0-9-]{1,16}");

    private final Store store;
    private final CatalogService catalog;
    private final CounterDesk desk;
    private final TicketEngine engine;
    private final Appointments appointments;
    private final Alarms alarms;
    private final Live live;
    private final java.util.function.Function<String, Optional<Map<String, Object>>> lastRating;
    private final Pages pages = new Pages();
    private final Supplier<Map<String, Object>> deviceConfigs;
    private final java.util.function.Function<String, Optional<byte[]>> callAudio;
    private final AccessTokens tokens;
    private final Supplier<Map<String, Object>> health;
    private final Supplier<java.util.List<Map<String, Object>>> devices;
    private final Optional<Pem.Identity> tls;
    private final int httpsPort;
    private final int httpPort;
    private final String host;
    private final AuthGuard guard;
    private final HttpsOnly httpsOnly;
    private final java.util.function.Function<LocalDate[], Map<String, Object>> ratingStats;
    private final Supplier<Map<String, Object>> reloadDevices;
    private final PrintService print;
    private final Supplier<String> metrics;
    private volatile Long lastSyncAfter;
    private volatile java.util.function.Function<String, Object> issueSecret = id -> {
        throw new IllegalStateException("device secrets are not wired");
    };
    private volatile ServerConnector https;

    public HttpApi(Store store, CatalogService catalog, CounterDesk desk, TicketEngine engine, Appointments appointments,
                   Alarms alarms, AccessTokens tokens,
                   Supplier<Map<String, Object>> health, Supplier<java.util.List<Map<String, Object>>> devices,
                   java.util.function.Function<LocalDate[], Map<String, Object>> ratingStats,
                   Supplier<Map<String, Object>> reloadDevices, PrintService print, Supplier<String> metrics,
                   Live live, java.util.function.Function<String, Optional<Map<String, Object>>> lastRating,
                   Supplier<Map<String, Object>> deviceConfigs, Config config,
                   java.util.function.Function<String, Optional<byte[]>> callAudio) {
        this.live = live;
        this.callAudio = callAudio;
        this.deviceConfigs = deviceConfigs;
        this.lastRating = lastRating;
        this.print = print;
        this.metrics = metrics;
        this.ratingStats = ratingStats;
        this.reloadDevices = reloadDevices;
        this.devices = devices;
        this.tls = config.tls();
        this.host = config.httpHost();
        this.httpsPort = config.httpsPort();
        this.httpPort = config.httpPort();
        this.guard = new AuthGuard(config.authMaxFailures(), System::nanoTime);
        this.httpsOnly = new HttpsOnly(tls.isPresent(), this::httpsPort);
        this.store = store;
        this.catalog = catalog;
        this.desk = desk;
        this.engine = engine;
        this.appointments = appointments;
        this.alarms = alarms;
        this.tokens = tokens;
        this.health = health;
    }

    /** {@code POST /api/v1/devices/{id}/secret}: makes a device's broker secret (MQTT contract v1.1). */
    public void deviceSecrets(java.util.function.Function<String, Object> issue) {
        this.issueSecret = issue;
    }

    public Javalin create() {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = Body.DRAIN_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            // Javalin makes its own plain connector only when none is added: with TLS, both are added here, plain first
            // (Javalin's port() is the first connector's).
            tls.ifPresent(id -> cfg.jetty.addConnector((server, httpConfig) -> {
                ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                plain.setHost(host);
                plain.setPort(httpPort);
                return plain;
            }));
            tls.ifPresent(id -> cfg.jetty.addConnector((server, httpConfig) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(id.keyStore());
                ssl.setKeyStorePassword(Pem.Identity.PASSWORD);
                HttpConfiguration secure = new HttpConfiguration(httpConfig);
                SecureRequestCustomizer src = new SecureRequestCustomizer();
                // Halls are reached by IP address; SNI host checks would refuse every such request.
                src.setSniHostCheck(false);
                secure.addCustomizer(src);
                ServerConnector c = new ServerConnector(server, ssl, new HttpConnectionFactory(secure));
                c.setHost(host);
                c.setPort(httpsPort);
                https = c;
                return c;
            }));
            cfg.routes.before(ctx -> {
                // the pages time tickets against the service's clock, not the browser's
                ctx.header("X-Qms-Now", java.time.OffsetDateTime.now(store.clock()).toString());
                if (ctx.path().startsWith("/api/v1/counters/") && !ctx.method().name().equals("GET")) {
                    // the officer's PIN and session token, like the admin and station tokens
                    httpsOnly.require(ctx, "an officer's PIN or session");
                }
                if (ctx.header("Authorization") != null || ctx.path().endsWith("/session")) {
                    long wait = guard.retryAfterSeconds(ctx.ip());
                    if (wait > 0) {
                        ctx.header("Retry-After", Long.toString(wait));
                        throw Problem.TOO_MANY_FAILURES.exception("too many failed credentials from " + ctx.ip()
                                + "; retry in " + wait + " s");
                    }
                }
            });
            cfg.routes.exception(QmsException.class, (e, ctx) -> {
                if (e.problem().status() == 401) {
                    guard.failed(ctx.ip());
                }
                Problems.qms(e, ctx);
            });
            cfg.routes.exception(StoreException.class, Problems::store);
            cfg.routes.exception(HttpResponseException.class, Problems::http);
            cfg.routes.exception(Exception.class, Problems::unexpected);

            // kiosk: open to the hall network
            cfg.routes.get("/api/v1/services", ctx -> json(ctx, 200, Map.of("services", engine.services(),
                    "appointments", appointments.anyBooked(store.today()),
                    "incompleteReasons", catalog.current().incompleteReasons())));
            cfg.routes.post("/api/v1/tickets", this::issue);
            cfg.routes.get("/api/v1/tickets/{id}", this::ticket);
            cfg.routes.get("/t/{id}", ctx -> TicketPage.render(ctx, engine, catalog.current()));
            cfg.routes.post("/api/v1/complaints", this::complain);
            cfg.routes.get("/t/{id}/qr.svg", ctx -> {
                String id = ctx.pathParam("id");
                engine.status(REF.matcher(id).matches() ? id : "-")
                        .orElseThrow(() -> Problem.UNKNOWN_TICKET.exception("no ticket '" + id + "'"));
                Pages.qr(ctx, print.statusUrl(id));
            });
            cfg.routes.sse("/api/v1/live", live::connect);
            // open like the board: a call's sentence as one WAV (the id is the calls message's id)
            cfg.routes.get("/api/v1/calls/{id}/audio.wav", ctx -> Pages.wav(ctx, callAudio.apply(ctx.pathParam("id"))
                    .orElseThrow(() -> Problem.UNKNOWN_CALL.exception("no call has this id; use the audio path of a "
                            + "calls message or live call event"))));

            // the pages (kiosk, window console, wall board, admin), served from the jar
            cfg.routes.get("/", ctx -> ctx.redirect("/kiosk"));
            cfg.routes.get("/kiosk", ctx -> pages.page(ctx, "kiosk"));
            cfg.routes.get("/board", ctx -> pages.page(ctx, "board"));
            cfg.routes.get("/admin", ctx -> {
                if (!httpsOnly.redirected(ctx)) {
                    pages.page(ctx, "admin");
                }
            });
            cfg.routes.get("/counter/{counter}", ctx -> {
                if (!httpsOnly.redirected(ctx)) {
                    pages.page(ctx, "counter");
                }
            });
            cfg.routes.get("/assets/{file}", pages::asset);

            // counter: officer session
            cfg.routes.post("/api/v1/counters/{counter}/session", this::login);
            cfg.routes.delete("/api/v1/counters/{counter}/session", ctx -> {
                desk.logout(counter(ctx), bearer(ctx));
                ctx.status(204);
            });
            cfg.routes.get("/api/v1/counters/{counter}", ctx -> {
                CounterView v = engine.counter(counter(ctx));
                if (!desk.holds(v.counter(), bearer(ctx))) {
                    json(ctx, 200, v);
                    return;
                }
                live.known(ctx.ip());
                // the officer at the window also sees how the last citizen rated the service
                @SuppressWarnings("unchecked")
                Map<String, Object> out = Json.MAPPER.convertValue(v, LinkedHashMap.class);
                lastRating.apply(v.counter()).ifPresent(r -> out.put("lastRating", r));
                json(ctx, 200, out);
            });
            cfg.routes.get("/api/v1/counters/{counter}/waiting", ctx -> {
                String c = counter(ctx);
                if (!desk.holds(c, bearer(ctx))) {
                    throw Problem.UNAUTHORIZED.exception("log in at counter " + c + " first");
                }
                json(ctx, 200, Map.of("waiting", engine.waitingFor(c)));
            });
            cfg.routes.post("/api/v1/counters/{counter}/call-next",
                    ctx -> json(ctx, 200, engine.callNext(counter(ctx), bearer(ctx))));
            cfg.routes.post("/api/v1/counters/{counter}/call", ctx -> {
                Body b = Body.of(ctx);
                json(ctx, 200, engine.call(counter(ctx), bearer(ctx),
                        b.requiredText("ticket", 32, REF, "a ticket id or number such as A012")));
            });
            cfg.routes.post("/api/v1/counters/{counter}/recall",
                    ctx -> json(ctx, 200, engine.recall(counter(ctx), bearer(ctx))));
            cfg.routes.post("/api/v1/counters/{counter}/start",
                    ctx -> json(ctx, 200, engine.start(counter(ctx), bearer(ctx))));
            cfg.routes.post("/api/v1/counters/{counter}/finish", this::finish);
            cfg.routes.post("/api/v1/counters/{counter}/no-show",
                    ctx -> json(ctx, 200, engine.noShow(counter(ctx), bearer(ctx))));
            cfg.routes.post("/api/v1/counters/{counter}/transfer", ctx -> {
                Body b = Body.of(ctx);
                json(ctx, 200, engine.transfer(counter(ctx), bearer(ctx),
                        b.text("service", 32, CODE, "a service code"),
                        b.text("counter", 16, COUNTER, "a counter id")));
            });
            cfg.routes.post("/api/v1/counters/{counter}/pause", ctx -> {
                Body b = Body.of(ctx);
                String reason = b.requiredText("reason", 64, null, "a short reason of at most 64 characters");
                desk.pause(counter(ctx), bearer(ctx), reason.strip());
                json(ctx, 200, engine.counter(counter(ctx)));
            });
            cfg.routes.post("/api/v1/counters/{counter}/resume", ctx -> {
                desk.resume(counter(ctx), bearer(ctx));
                json(ctx, 200, engine.counter(counter(ctx)));
            });

            // admin token
            cfg.routes.get("/api/v1/queue", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, engine.queue());
            });
            cfg.routes.get("/api/v1/stats", ctx -> {
                requireAdmin(ctx);
                LocalDate[] range = range(ctx);
                Map<String, Object> out = new LinkedHashMap<>(engine.stats(range[0], range[1]));
                out.put("ratings", ratingStats.apply(range));
                out.put("appointments", appointments.stats(range[0], range[1]));
                out.put("alarms", alarms.stats(range[0], range[1]));
                if ("csv".equals(ctx.queryParam("format"))) {
                    ctx.status(200).contentType("text/csv; charset=utf-8").header("Content-Disposition",
                            "attachment; filename=\"stats-" + range[0] + (range[0].equals(range[1]) ? "" : "_" + range[1])
                                    + ".csv\"").result(Csv.flat(out));
                    return;
                }
                json(ctx, 200, out);
            });
            cfg.routes.get("/api/v1/devices", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, Map.of("devices", devices.get()));
            });
            cfg.routes.get("/api/v1/devices/configs", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, deviceConfigs.get());
            });
            cfg.routes.post("/api/v1/devices/reload", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, reloadDevices.get());
            });
            cfg.routes.post("/api/v1/devices/{id}/secret", ctx -> {
                requireAdmin(ctx);
                // shown once: no cache may keep it
                ctx.header("Cache-Control", "no-store");
                json(ctx, 201, issueSecret.apply(ctx.pathParam("id")));
            });
            cfg.routes.get("/api/v1/catalog", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, catalog.current());
            });
            cfg.routes.put("/api/v1/catalog", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, catalog.apply(Body.of(ctx).root(), "admin"));
            });

            cfg.routes.get("/api/v1/appointments", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, Map.of("appointments", appointments.list(range(ctx)[0])));
            });
            cfg.routes.put("/api/v1/appointments", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, appointments.put(Body.of(ctx).root(), "admin"));
            });
            cfg.routes.post("/api/v1/appointments", ctx -> {
                requireAdmin(ctx);
                json(ctx, 201, appointments.add(Body.of(ctx).root(), "admin"));
            });
            cfg.routes.get("/api/v1/alarms", ctx -> {
                requireAdmin(ctx);
                json(ctx, 200, Map.of("active", alarms.active(), "day", alarms.ofDay(range(ctx)[0])));
            });
            cfg.routes.post("/api/v1/alarms/{id}/clear", ctx -> {
                requireAdmin(ctx);
                Body b = Body.of(ctx);
                String by = b.text("by", 64, null, "who dealt with it, at most 64 characters");
                json(ctx, 200, alarms.clear(alarmId(ctx), by == null ? "admin" : by.strip()));
            });

            // station sync token
            SyncFeed feed = new SyncFeed(store);
            cfg.routes.get("/api/v1/sync/events", ctx -> {
                requireSync(ctx);
                long after = number(ctx, "after", 0, 0, Long.MAX_VALUE);
                int limit = (int) Math.min(number(ctx, "limit", SyncFeed.DEFAULT_LIMIT, 1, Long.MAX_VALUE), SyncFeed.MAX_LIMIT);
                long head = store.head().seq();
                lastSyncAfter = Math.min(after, head);
                if (after > head) {
                    // A station ahead of the hall means the hall's data was replaced: say so, never answer "nothing new".
                    throw new QmsException(Problem.CURSOR_BEYOND_HEAD, "after=" + after + " is past the hall's last "
                            + "event " + head, Map.of("head", head));
                }
                ctx.status(200).contentType("application/json; charset=utf-8");
                feed.page(after, limit, ctx.outputStream());
            });
            cfg.routes.get("/api/v1/sync/head", ctx -> {
                requireSync(ctx);
                var head = store.head();
                json(ctx, 200, Map.of("seq", head.seq(), "hash", head.hash(), "v", SyncFeed.EVENTS_VERSION));
            });
            cfg.routes.put("/api/v1/sync/appointments", ctx -> {
                requireSync(ctx);
                json(ctx, 200, appointments.put(Body.of(ctx).root(), "station"));
            });
            cfg.routes.put("/api/v1/sync/catalog", ctx -> {
                requireSync(ctx);
                json(ctx, 200, catalog.apply(Body.of(ctx).root(), "station"));
            });

            // ops
            cfg.routes.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.get()));
            cfg.routes.get("/health", ctx -> {
                Map<String, Object> h = health.get();
                // A full disk is reported but answered 200: the health timer's restart could not free space.
                boolean up = Boolean.TRUE.equals(((Map<?, ?>) h.get("database")).get("ok"))
                        || Boolean.TRUE.equals(((Map<?, ?>) h.get("disk")).get("low"));
                json(ctx, up ? 200 : 503, h);
            });
        });
    }

    private void issue(Context ctx) {
        Body b = Body.of(ctx);
        String appointment = b.text("appointment", 32, Appointments.CODE, "an appointment code of 4 to 32 letters and digits");
        String service = appointment != null ? b.text("service", 32, CODE, "a service code such as id-card")
                : b.requiredText("service", 32, CODE, "a service code such as id-card");
        String requestId = b.requiredText("requestId", 64, REQUEST_ID,
                "1 to 64 characters of letters, digits and . _ : - (one per press, reused on retry)");
        String channel = b.text("channel", 16, CHANNEL, "one of kiosk, button, appointment, staff");
        if (appointment != null && channel != null && !channel.equals("appointment")) {
            throw Problem.INVALID_REQUEST.exception("channel: a check-in by appointment code has channel 'appointment'");
        }
        channel = channel == null ? (appointment != null ? "appointment" : "kiosk") : channel;
        if ((channel.equals("staff") || (channel.equals("appointment") && appointment == null))
                && !tokens.isAdmin(bearer(ctx))) {
            // The appointment class comes from a booking's code; without one, only staff may give it.
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
        String requestId = b.requiredText("requestId", 64, REQUEST_ID,
                "1 to 64 characters of letters, digits and . _ : - (one per press, reused on retry)");
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

    private static long alarmId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.UNKNOWN_ALARM.exception("no alarm '" + ctx.pathParam("id") + "'");
        }
    }

    private void ticket(Context ctx) {
        String id = ctx.pathParam("id");
        if (PersonalId.in(id)) {
            throw Problem.PERSONAL_ID.exception(PersonalId.refusal("the ticket id"));
        }
        TicketEngine.Status s = (REF.matcher(id).matches() ? engine.status(id) : java.util.Optional.<TicketEngine.Status>empty())
                .orElseThrow(() -> Problem.UNKNOWN_TICKET.exception("no ticket '" + id + "'"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ticket", s.ticket());
        out.put("ahead", s.ahead());
        out.put("estimatedWaitMinutes", s.estimatedWaitMinutes());
        json(ctx, 200, out);
    }

    private void login(Context ctx) {
        // plain HTTP from the network was refused before (https-required), as for every counter action
        Body b = Body.of(ctx);
        String officer = b.requiredText("officer", 16, Pattern.compile("[0-9A-Za-z]{4,16}"), "a police number");
        String pin = b.requiredText("pin", 12, Pattern.compile("[0-9]{4,12}"), "a PIN of 4 to 12 digits");
        com.fasterxml.jackson.databind.JsonNode takeover = b.root().get("takeover");
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
        String outcome = b.requiredText("outcome", 16, Pattern.compile("done|incomplete"), "'done' or 'incomplete'");
        CounterView v = engine.finish(counter(ctx), bearer(ctx), outcome, b.strings("missing", 40, 60),
                b.text("reason", 32, CODE, "a reason code of the catalogue's incompleteReasons"),
                b.text("note", 500, null, "a note of at most 500 characters"));
        if (v.notice() == null) {
            json(ctx, 200, v);
            return;
        }
        // The 告知单 is always in the answer, for the console to show; paper only where the window has a printer.
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Json.MAPPER.convertValue(v, LinkedHashMap.class);
        print.notice(v.counter(), v.notice(), java.time.OffsetDateTime.now(store.clock()))
                .ifPresent(ok -> out.put("noticePrinted", ok));
        json(ctx, 200, out);
    }

    private static String counter(Context ctx) {
        String c = ctx.pathParam("counter");
        if (!COUNTER.matcher(c).matches()) {
            throw Problem.UNKNOWN_COUNTER.exception("no counter '" + c + "'");
        }
        return c;
    }

    private void requireSync(Context ctx) {
        requireHttps(ctx);
        switch (tokens.sync(bearer(ctx))) {
            case OK -> { }
            case EXPIRED -> throw Problem.TOKEN_EXPIRED.exception("this station token was rotated out and has expired; "
                    + "use the current QMS_SYNC_TOKEN");
            default -> throw Problem.UNAUTHORIZED.exception(
                    "this route needs the station sync token (Authorization: Bearer ...)");
        }
    }

    /** With HTTPS configured, tokens must not cross the network in clear text; this machine may still use HTTP. */
    private void requireHttps(Context ctx) {
        httpsOnly.require(ctx, "tokens");
    }

    /** Says how tokens travel, once the ports are bound (port 0 means "any": the log names the real one). */
    public void logTransport(int boundHttpPort) {
        if (tls.isPresent()) {
            log.info("http: HTTPS on {}:{} with the certificate for {}; admin and sync routes, officer logins and "
                    + "counter actions over plain HTTP are refused except from this machine", host, httpsPort(),
                    tls.get().certificate().getSubjectX500Principal().getName());
        } else if (!HttpsOnly.loopback(host)) {
            log.warn("http: admin and station-sync tokens cross the network in clear text on http://{}:{}; set "
                    + "QMS_TLS_CERT and QMS_TLS_KEY to serve HTTPS", host, boundHttpPort);
        }
    }

    /** The HTTPS port actually bound, or -1 without TLS. */
    public int httpsPort() {
        ServerConnector c = https;
        return c == null ? -1 : c.getLocalPort() > 0 ? c.getLocalPort() : httpsPort;
    }

    /** The last cursor the station sent since start, for the sync lag; null before the first pull. */
    public Long lastSyncAfter() {
        return lastSyncAfter;
    }

    /** The {@code auth} part of {@code /health}. */
    public Map<String, Object> authStats() {
        return guard.stats();
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
            if (to.isBefore(from) || java.time.temporal.ChronoUnit.DAYS.between(from, to) > 365) {
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

    private void requireAdmin(Context ctx) {
        requireHttps(ctx);
        if (!tokens.isAdmin(bearer(ctx))) {
            throw Problem.UNAUTHORIZED.exception("this route needs the admin token (Authorization: Bearer ...)");
        }
        live.known(ctx.ip());
    }

    static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(Json.write(body));
    }
}
