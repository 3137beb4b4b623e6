package org.hallqms.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hallqms.cli.Cli;
import org.hallqms.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar device-service.jar estimate-sim [--short] [--seed N] [--trace]}: {@link WaitSimulation} from a shell. */
@Command(name = "estimate-sim", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar estimate-sim [--short] [--seed N] [--trace]",
        description = {"Runs a simulated day of the sample hall against the real service on a virtual clock and "
                + "prints how far the kiosk's estimated waits were from the real ones."})
public final class EstimateSim implements Callable<Integer> {
    private final PrintStream out;
    @Mixin
    private HelpOption help;
    @Option(names = "--short", description = "08:30-10:30 instead of the full day (08:30-12:00, 13:30-17:00)")
    private boolean shortDay;
    @Option(names = "--seed", paramLabel = "N", description = "the random seed (default 20261127)")
    private long seed = 20261127;
    @Option(names = "--trace", description = "print each called ticket's promised and real wait")
    private boolean trace;

    private EstimateSim(PrintStream out) {
        this.out = out;
    }

    public static int main(String[] args, PrintStream out) {
        return Cli.run(new EstimateSim(out), args, out, System.err);
    }

    @Override
    public Integer call() {
        // the table is the output; the service's lifecycle lines would bury it
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.hallqms")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        long t0 = System.nanoTime();
        WaitSimulation.Options o = shortDay ? WaitSimulation.Options.shortDay(seed) : WaitSimulation.Options.fullDay(seed);
        WaitSimulation.Result r = WaitSimulation.run(trace ? o.tracing(out) : o);
        out.print(WaitSimulation.table(r));
        out.printf(Locale.ROOT, "%s day, seed %d: %d tickets, %d never called, simulated in %.1f s%n",
                shortDay ? "short" : "full", seed, r.issued(), r.neverCalled(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
