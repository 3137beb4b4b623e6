package org.hallqms.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.security.Roles;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hallqms.Problem;
import org.hallqms.alarm.Alarms;
import org.hallqms.appointment.Appointments;
import org.hallqms.cases.Cases;
import org.hallqms.catalog.CatalogService;
import org.hallqms.config.Config;
import org.hallqms.config.Pem;
import org.hallqms.counter.CounterDesk;
import org.hallqms.print.PrintService;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketEngine;
import org.hallqms.voice.CallAudio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin app: its connectors (plain HTTP, and HTTPS when configured), the rules every request meets, and the
 * route groups by caller ({@link KioskRoutes}, {@link CounterRoutes}, {@link AdminRoutes}, {@link StationRoutes},
 * {@link CaseRoutes}, {@link OpsRoutes}), each route with the {@link Role} that {@link Access} enforces.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    /** What the routes need from the rest of the hall, each part as it is. */
    public record Parts(Store store, CatalogService catalog, CounterDesk desk, TicketEngine engine,
                        Appointments appointments, Alarms alarms, RatingService ratings, PrintService print,
                        CallAudio audio, Live live, AccessTokens tokens, HallOps hall, Cases cases) {
    }

    private final Optional<Pem.Identity> tls;
    private final String host;
    private final int httpPort;
    private final int httpsPort;
    private final AuthGuard guard;
    private final HttpsOnly httpsOnly;
    private final AtomicReference<Long> lastSyncAfter = new AtomicReference<>();
    private volatile ServerConnector https;
    // Requests wait here until the hall opens them: Jetty starts while the MQTT link is still connecting, and the
    // first answer (the first /health) still comes from a hall that is ready.
    private final CountDownLatch opened = new CountDownLatch(1);
    private static final long OPEN_WAIT_SECONDS = 5;

    /** Only transport and the credential guard: {@link #authStats} and {@link #lastSyncAfter} answer before {@link #create}. */
    public HttpApi(Config config) {
        this.tls = config.tls();
        this.host = config.httpHost();
        this.httpPort = config.httpPort();
        this.httpsPort = config.httpsPort();
        this.guard = new AuthGuard(config.authMaxFailures(), System::nanoTime);
        this.httpsOnly = new HttpsOnly(tls.isPresent(), this::httpsPort);
    }

    public Javalin create(Parts parts) {
        Pages pages = new Pages();
        Javalin app = Javalin.create(cfg -> {
            server(cfg);
            cfg.routes.before(ctx -> awaitOpen());
            cfg.routes.before(ctx -> everyRequest(ctx, parts.store()));
            cfg.routes.beforeMatched(new Access(parts.tokens(), httpsOnly, parts.desk(), parts.live()));
            Problems.register(cfg.routes, guard);
            new KioskRoutes(parts, pages).register(cfg.routes);
            new CounterRoutes(parts, pages).register(cfg.routes);
            new AdminRoutes(parts, pages).register(cfg.routes);
            new StationRoutes(parts, lastSyncAfter).register(cfg.routes);
            new CaseRoutes(parts).register(cfg.routes);
            new OpsRoutes(parts.hall()).register(cfg.routes);
        });
        List<String> roleless = app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .filter(e -> e.endpoint.metadata(Roles.class) == null || e.endpoint.metadata(Roles.class).getRoles().size() != 1)
                .map(e -> e.endpoint.method + " " + e.endpoint.path).toList();
        if (!roleless.isEmpty()) {
            throw new IllegalStateException("http: every route declares one Role; these do not: " + roleless);
        }
        return app;
    }

    private void server(JavalinConfig cfg) {
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
    }

    /**
     * Before every request, routed or not: these look at what was sent, not where it was routed (a PIN sent to a
     * mistyped counter path crossed the network all the same).
     */
    private void everyRequest(Context ctx, Store store) {
        // the pages time tickets against the service's clock, not the browser's
        ctx.header("X-Qms-Now", OffsetDateTime.now(store.clock()).toString());
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
    }

    /** Lets requests through; until then each waits, at most {@value #OPEN_WAIT_SECONDS} s. */
    public void open() {
        opened.countDown();
    }

    private void awaitOpen() throws InterruptedException {
        if (opened.getCount() > 0) {
            opened.await(OPEN_WAIT_SECONDS, TimeUnit.SECONDS);
        }
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
        return lastSyncAfter.get();
    }

    /** The {@code auth} part of {@code /health}. */
    public Map<String, Object> authStats() {
        return guard.stats();
    }
}
