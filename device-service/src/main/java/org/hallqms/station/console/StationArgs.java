package org.hallqms.station.console;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.hallqms.cli.HelpOption;
import org.hallqms.config.Pem;
import org.hallqms.station.StationFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags of {@code station}. Values are taken as text and checked here, all of them, so one run names every
 * wrong flag at once.
 */
@Command(name = "station", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar station --jdbc URL --hall NAME=URL --token NAME=@FILE "
                + "[options]",
        description = "Pulls the halls into PostgreSQL (verifying every hash) and serves the station console and "
                + "its JSON API. Users: see station-user.",
        footer = {"exit status: 1 the database or a port could not be used, 2 usage"})
final class StationArgs implements Callable<Integer> {
    /** The checked flags. {@code tls} empty for plain HTTP only. */
    record Options(String jdbc, Map<String, URI> halls, Map<String, String> tokens, Map<String, Path> tokenFiles,
                   Path trust, String host, int port,
                   int httpsPort, int intervalSeconds, int sessionHours, Optional<Pem.Identity> tls) {
    }

    private final ToIntFunction<Options> run;
    @Spec
    private CommandSpec spec;
    @Mixin
    private HelpOption help;
    @Option(names = "--jdbc", paramLabel = "URL",
            description = "PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/station?user=qms")
    private String jdbc;
    @Option(names = "--hall", paramLabel = "NAME=URL", description = "a hall and its base URL (repeat for several halls)")
    private List<String> halls = new ArrayList<>();
    @Option(names = "--token", paramLabel = "NAME=@FILE", description = "the hall's station sync token, read from FILE "
            + "(NAME=TOKEN also works, but shows in the process list); @FILE alone applies to every hall")
    private List<String> tokens = new ArrayList<>();
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port of the console, 0 = any free port "
            + "(default 8090)")
    private String port;
    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to listen on (default 0.0.0.0, all)")
    private String host;
    @Option(names = "--interval", paramLabel = "SECONDS", description = "time between pulls of each hall, and between "
            + "the pages' refreshes, 1..3600 (default 5)")
    private String interval;
    @Option(names = "--trust", paramLabel = "FILE.pem",
            description = "also trust this certificate (a hall serving HTTPS with its own certificate)")
    private Path trust;
    @Option(names = "--tls-cert", paramLabel = "FILE.pem", description = "certificate chain for the console's HTTPS")
    private Path tlsCert;
    @Option(names = "--tls-key", paramLabel = "FILE.pem", description = "its unencrypted PKCS#8 private key")
    private Path tlsKey;
    @Option(names = "--https-port", paramLabel = "PORT", description = "HTTPS port with --tls-cert, 0 = any free port "
            + "(default 8453); passwords and sessions over plain HTTP are then refused except from this machine")
    private String httpsPort;
    @Option(names = "--session-hours", paramLabel = "HOURS", description = "a login lasts this long, 1..720 "
            + "(default 8)")
    private String sessionHours;

    /** {@code run}: what runs with good flags; {@code null} when only parsing. */
    StationArgs(ToIntFunction<Options> run) {
        this.run = run;
    }

    @Override
    public Integer call() {
        Options o;
        try {
            o = options();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return run.applyAsInt(o);
    }

    /** The checked options, or an {@link IllegalArgumentException} naming every wrong flag, one a line. */
    Options options() {
        List<String> problems = new ArrayList<>();
        StationFlags flags = StationFlags.check(jdbc, halls, tokens, trust, problems);
        int every = interval == null ? 5 : StationFlags.number("--interval", interval, 1, 3600, problems);
        int hours = sessionHours == null ? 8 : StationFlags.number("--session-hours", sessionHours, 1, 720, problems);
        int http = port == null ? 8090 : StationFlags.number("--port", port, 0, 65535, problems);
        int https = httpsPort == null ? 8453 : StationFlags.number("--https-port", httpsPort, 0, 65535, problems);
        Optional<Pem.Identity> tls = Optional.empty();
        if ((tlsCert == null) != (tlsKey == null)) {
            problems.add(tlsCert == null ? "--tls-key: needs --tls-cert too" : "--tls-cert: needs --tls-key too");
        } else if (tlsCert != null) {
            try {
                tls = Optional.of(Pem.identity(tlsCert, tlsKey));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage().replace("QMS_TLS_CERT", "--tls-cert").replace("QMS_TLS_KEY", "--tls-key"));
            }
            if (https != 0 && https == http) {
                problems.add("--https-port " + https + ": must differ from --port");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n  ", problems));
        }
        return new Options(jdbc, flags.halls(), flags.tokens(), flags.tokenFiles(), trust,
                host == null ? "0.0.0.0" : host, http, https, every, hours, tls);
    }
}
