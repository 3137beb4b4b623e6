package org.hallqms.station;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
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
        StationFlags flags = StationFlags.check(jdbc, halls, tokens, trust, problems);
        int every = interval == null ? 30 : StationFlags.number("--interval", interval, 1, 86_400, problems);
        int page = limit == null ? HallClient.MAX_LIMIT : StationFlags.number("--limit", limit, 1, HallClient.MAX_LIMIT, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n  ", problems));
        }
        return new SyncPull.Options(jdbc, flags.halls(), flags.tokens(), trust, once, every, page);
    }
}
