package org.hallqms.station.console;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hallqms.config.Pem;
import org.hallqms.station.StationView;
import org.hallqms.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Javalin app: plain HTTP on one port and, with a certificate, HTTPS on another; every route with
 * one {@link ConsoleRole}, enforced before it runs; every refusal as problem+json. With HTTPS, no password or
 * session crosses the network in clear text: they are refused over plain HTTP except from this machine, and the
 * login page is redirected to HTTPS (the hall's rule, {@code http.HttpsOnly}).
 */
final class ConsoleHttp {
    private static final Logger log = LoggerFactory.getLogger(ConsoleHttp.class);
    static final String COOKIE = "qms_station";
    static final String USER = "console.user";
    static final String TOKEN = "console.token";

    /** Where to listen; {@code tls} empty for plain HTTP only. */
    record Listen(String host, int port, int httpsPort, Optional<Pem.Identity> tls) {
    }

    private final Listen listen;
    private final Logins logins;
    private final Clock clock;
    private volatile ServerConnector https;

    ConsoleHttp(Listen listen, Logins logins, Clock clock) {
        this.listen = listen;
        this.logins = logins;
        this.clock = clock;
    }

    Javalin create(StationView view, Set<String> halls, int refreshSeconds) {
        ConsolePages pages = new ConsolePages();
        Javalin app = Javalin.create(cfg -> {
            server(cfg);
            cfg.routes.before(ctx -> ctx.header("X-Qms-Now", OffsetDateTime.now(clock).toString())
                    .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer"));
            cfg.routes.beforeMatched(this::access);
            cfg.routes.exception(ConsoleProblem.Refusal.class, (e, ctx) -> write(ctx, e.problem(), e.getMessage()));
            cfg.routes.exception(Logins.Throttled.class, (e, ctx) -> {
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
                write(ctx, ConsoleProblem.LOGIN_THROTTLED, e.getMessage());
            });
            cfg.routes.exception(StationView.CaseActionRefused.class, (e, ctx) -> {
                Map<String, Object> body = problem(ctx, e.type(), "The hall did not take the action", e.status(),
                        e.getMessage());
                ctx.status(e.status()).contentType("application/problem+json; charset=utf-8").result(Json.write(body));
            });
            cfg.routes.exception(SQLException.class, (e, ctx) -> {
                log.warn("console: {} {}: database: {}", ctx.method(), ctx.path(), e.getMessage());
                write(ctx, ConsoleProblem.STORE_UNAVAILABLE, "the station's database cannot be reached; try again");
            });
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx,
                    e.getStatus() == 404 ? ConsoleProblem.NOT_FOUND : e.getStatus() == 405
                            ? ConsoleProblem.METHOD_NOT_ALLOWED : ConsoleProblem.INVALID_REQUEST,
                    e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path() : e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                String incident = UUID.randomUUID().toString().substring(0, 8);
                log.error("console: {} {} failed, incident {}", ctx.method(), ctx.path(), incident, e);
                write(ctx, ConsoleProblem.INTERNAL, "unexpected error; incident " + incident + " is in the log");
            });
            new AuthRoutes(logins, refreshSeconds).register(cfg.routes);
            new DataRoutes(view, halls, clock).register(cfg.routes);
            pages.register(cfg.routes);
        });
        long roleless = app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .filter(e -> e.endpoint.metadata(io.javalin.security.Roles.class) == null
                        || e.endpoint.metadata(io.javalin.security.Roles.class).getRoles().size() != 1).count();
        if (roleless > 0) {
            throw new IllegalStateException("console: every route declares one ConsoleRole; " + roleless + " do not");
        }
        return app;
    }

    private void server(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = ConsoleBody.MAX_BYTES * 16L;
        cfg.http.prefer405over404 = true;
        cfg.jetty.addConnector((server, httpConfig) -> {
            ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
            plain.setHost(listen.host());
            plain.setPort(listen.port());
            return plain;
        });
        listen.tls().ifPresent(id -> cfg.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(id.keyStore());
            ssl.setKeyStorePassword(Pem.Identity.PASSWORD);
            HttpConfiguration secure = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            // reached by IP address as often as by name
            src.setSniHostCheck(false);
            secure.addCustomizer(src);
            ServerConnector c = new ServerConnector(server, ssl, new HttpConnectionFactory(secure));
            c.setHost(listen.host());
            c.setPort(listen.httpsPort());
            https = c;
            return c;
        }));
    }

    /** The HTTPS port actually bound, or -1 without TLS. */
    int httpsPort() {
        ServerConnector c = https;
        return c == null ? -1 : c.getLocalPort() > 0 ? c.getLocalPort() : listen.httpsPort();
    }

    private void access(Context ctx) throws SQLException {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.size() != 1 || !(roles.iterator().next() instanceof ConsoleRole role)) {
            throw new IllegalStateException("route " + ctx.method() + " " + ctx.endpoint().path + " has roles " + roles);
        }
        String token = token(ctx);
        if (role != ConsoleRole.PUBLIC && role != ConsoleRole.LOGIN_PAGE && plainFromNetwork(ctx)) {
            throw ConsoleProblem.HTTPS_REQUIRED.refuse("send this request to https://…:" + httpsPort()
                    + "; passwords and sessions are not accepted over plain HTTP from the network");
        }
        switch (role) {
            case PUBLIC, LOGIN -> { }
            case LOGIN_PAGE -> {
                if (plainFromNetwork(ctx)) {
                    String host = ctx.host() == null ? "" : ctx.host().replaceFirst(":\\d+$", "");
                    if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]")) {
                        throw ConsoleProblem.HTTPS_REQUIRED.refuse("open this page over https, port " + httpsPort());
                    }
                    ctx.redirect("https://" + host + ":" + httpsPort() + ctx.path(), HttpStatus.FOUND);
                    ctx.skipRemainingHandlers();
                }
            }
            case USER -> {
                User u = logins.user(token).orElseThrow(() -> ConsoleProblem.UNAUTHORIZED.refuse(token == null
                        ? "log in first (POST /api/v1/login)" : "the session has ended or expired; log in again"));
                ctx.attribute(USER, u);
                ctx.attribute(TOKEN, token);
            }
        }
    }

    /** The session token: {@code Authorization: Bearer}, else the session cookie. */
    static String token(Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).strip();
        }
        return ctx.cookie(COOKIE);
    }

    boolean plainFromNetwork(Context ctx) {
        return listen.tls().isPresent() && !"https".equals(ctx.scheme()) && !loopback(ctx.ip());
    }

    static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(ConsoleJson.write(body));
    }

    static void write(Context ctx, ConsoleProblem p, String detail) {
        if (p == ConsoleProblem.UNAUTHORIZED || p == ConsoleProblem.LOGIN_FAILED) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(p.status()).contentType("application/problem+json; charset=utf-8")
                .result(Json.write(problem(ctx, p.type(), p.title(), p.status(), detail)));
    }

    private static Map<String, Object> problem(Context ctx, String type, String title, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        return body;
    }
}
