package org.hallqms.station;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.hallqms.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags of {@code sync-pull}. Values are taken as text and checked here, all of them, so that one run names
 * every wrong flag at once (a station's cron line is fixed in one go).
 */
@Command(name = "sync-pull", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar sync-pull --jdbc URL --hall NAME=URL --token NAME=@FILE "
                + "[options]",
        description = "Pulls each hall's event log into PostgreSQL, verifying every hash, and resumes from the stored "
                + "cursor.",
        footer = {"exit status: 0 caught up, 1 a hall or the database could not be reached, 2 usage,",
            "             3 a hall's hash chain is broken (the message names the first bad seq)"})
final class SyncPullArgs implements Callable<Integer> {
    private static final Pattern HALL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ToIntFunction<SyncPull.Options> pull;
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
    @Option(names = "--trust", paramLabel = "FILE.pem",
            description = "also trust this certificate (a hall serving HTTPS with its own certificate)")
    private Path trust;
    @Option(names = "--once", description = "pull until every hall is caught up, then exit (default: keep polling)")
    private boolean once;
    @Option(names = "--interval", paramLabel = "SECONDS", description = "time between polls when not --once (default 30)")
    private String interval;
    @Option(names = "--limit", paramLabel = "N", description = "events per page, 1..5000 (default 5000)")
    private String limit;

    /** {@code pull}: what runs with good flags; {@code null} when only parsing. */
    SyncPullArgs(ToIntFunction<SyncPull.Options> pull) {
        this.pull = pull;
    }

    @Override
    public Integer call() {
        SyncPull.Options o;
        try {
            o = options();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return pull.applyAsInt(o);
    }

    /** The checked options, or an {@link IllegalArgumentException} naming every wrong flag, one a line. */
    SyncPull.Options options() {
        List<String> problems = new ArrayList<>();
        Map<String, URI> byName = new LinkedHashMap<>();
        for (String v : halls) {
            String[] kv = pair("--hall", v);
            if (!HALL_NAME.matcher(kv[0]).matches()) {
                problems.add("--hall " + v + ": the name must be 1 to 64 letters, digits, '.', '_' or '-'");
            }
            try {
                URI u = URI.create(kv[1].endsWith("/") ? kv[1] : kv[1] + "/");
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                byName.put(kv[0], u);
            } catch (IllegalArgumentException e) {
                problems.add("--hall " + v + ": the URL must look like http://10.0.0.5:8080 or https://...");
            }
        }
        Map<String, String> byHall = new LinkedHashMap<>();
        String allToken = null;
        for (String v : tokens) {
            if (v.startsWith("@")) {
                allToken = readToken(v, problems);
            } else {
                String[] kv = pair("--token", v);
                byHall.put(kv[0], kv[1].startsWith("@") ? readToken(kv[1], problems) : kv[1]);
            }
        }
        int every = interval == null ? 30 : number("--interval", interval, 86_400, problems);
        int page = limit == null ? HallClient.MAX_LIMIT : number("--limit", limit, HallClient.MAX_LIMIT, problems);
        if (jdbc == null || !jdbc.startsWith("jdbc:postgresql:")) {
            problems.add("--jdbc: required, a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/station");
        }
        if (byName.isEmpty()) {
            problems.add("--hall: at least one NAME=URL is required");
        }
        for (String h : byName.keySet()) {
            if (!byHall.containsKey(h)) {
                if (allToken == null) {
                    problems.add("--token: no token for hall '" + h + "' (give --token " + h + "=@FILE)");
                } else {
                    byHall.put(h, allToken);
                }
            }
        }
        for (String t : byHall.keySet()) {
            if (!byName.containsKey(t)) {
                problems.add("--token " + t + "=...: no --hall named '" + t + "'");
            }
        }
        if (trust != null && !Files.isReadable(trust)) {
            problems.add("--trust " + trust + ": cannot read the file");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n  ", problems));
        }
        return new SyncPull.Options(jdbc, byName, byHall, trust, once, every, page);
    }

    private static String[] pair(String flag, String v) {
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
            throw new IllegalArgumentException(flag + " " + v + ": expected NAME=VALUE");
        }
        return new String[] {v.substring(0, eq), v.substring(eq + 1)};
    }

    private static String readToken(String at, List<String> problems) {
        try {
            String t = Files.readString(Path.of(at.substring(1)), StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                problems.add("--token " + at + ": the file is empty");
            }
            return t;
        } catch (IOException e) {
            problems.add("--token " + at + ": cannot read the file (" + e.getMessage() + ")");
            return "";
        }
    }

    private static int number(String flag, String v, int max, List<String> problems) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        problems.add(flag + " " + v + ": must be a whole number from 1 to " + max);
        return 1;
    }
}
