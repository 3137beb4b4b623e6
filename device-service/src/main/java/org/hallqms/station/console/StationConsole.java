package org.hallqms.station.console;

import io.javalin.Javalin;
import java.io.InputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.CountDownLatch;
import org.hallqms.cli.Cli;
import org.hallqms.station.StationSide;
import org.hallqms.station.StationView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code device-service.jar station}: the data side ({@link StationSide}, pulling every hall) and the console's
 * pages and API over its {@link StationView}, in one process. {@code station-user} adds the people who log in.
 */
public final class StationConsole implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StationConsole.class);

    private final AutoCloseable side;
    private final Users users;
    private final Javalin app;
    private final ConsoleHttp http;

    private StationConsole(AutoCloseable side, Users users, Javalin app, ConsoleHttp http) {
        this.side = side;
        this.users = users;
        this.app = app;
        this.http = http;
    }

    /** {@code station ...}: runs until the process is stopped. */
    public static int main(String[] args) {
        return Cli.run(new StationArgs(o -> {
            StationConsole console;
            try {
                console = start(o, Clock.systemUTC());
            } catch (SQLException e) {
                System.err.println("qms station: database: " + e.getMessage());
                return Cli.FAILED;
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                console.close();
                stop.countDown();
            }, "station-stop"));
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }), args);
    }

    /** {@code station-user ...}: the password comes from standard input. */
    public static int user(String[] args) {
        return user(args, System.in, System.out, System.err);
    }

    static int user(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return StationUserArgs.main(args, in, out, err);
    }

    /** The checked flags of {@code station}; an {@link IllegalArgumentException} names every wrong one. */
    static StationArgs.Options parse(String... args) {
        return Cli.parse(new StationArgs(null), args).options();
    }

    /** Starts pulling and serving; the console is ready when this returns. */
    static StationConsole start(StationArgs.Options o, Clock clock) throws SQLException {
        StationSide side = StationSide.start(o.jdbc(), o.halls(), o.tokens(), o.tokenFiles(), o.trust(),
                Duration.ofSeconds(o.intervalSeconds()), clock);
        try {
            return serve(side, side.view(), o, clock);
        } catch (RuntimeException | SQLException e) {
            side.close();
            throw e;
        }
    }

    /** Serves the console over {@code view}; {@code side} is closed with it. */
    static StationConsole serve(AutoCloseable side, StationView view, StationArgs.Options o, Clock clock)
            throws SQLException {
        Users users = new Users(o.jdbc());
        // the users' tables are there (and the schema current) before the first login
        users.find("");
        ConsoleHttp http = new ConsoleHttp(new ConsoleHttp.Listen(o.host(), o.port(), o.httpsPort(), o.tls()),
                new Logins(users, clock, Duration.ofHours(o.sessionHours())), clock);
        Javalin app = http.create(view, new LinkedHashSet<>(o.halls().keySet()), o.intervalSeconds());
        try {
            app.start();
        } catch (RuntimeException e) {
            users.close();
            throw new IllegalStateException("cannot listen on " + o.host() + ":" + o.port() + ": " + e.getMessage(), e);
        }
        StationConsole c = new StationConsole(side, users, app, http);
        log.info("station: console ready on http://{}:{}{}", o.host(), c.port(),
                o.tls().isPresent() ? " and https://" + o.host() + ":" + c.httpsPort() : "");
        if (o.tls().isEmpty() && !ConsoleHttp.loopback(o.host())) {
            log.warn("station: passwords and sessions cross the network in clear text; give --tls-cert and --tls-key");
        }
        return c;
    }

    int port() {
        return app.port();
    }

    int httpsPort() {
        return http.httpsPort();
    }

    @Override
    public void close() {
        app.stop();
        try {
            side.close();
        } catch (Exception e) {
            log.warn("station: stopping the pull: {}", e.toString());
        }
        users.close();
    }
}
