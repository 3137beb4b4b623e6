package org.hallqms.mqtt;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Off unless {@code -Dqms.trace.calls=FILE} is given: when each call passes the stages between its commit and the
 * window display leaving for the broker, by System.nanoTime (one clock for every process on the machine, so a
 * bench client can line its own times up with these). Written to FILE at exit, one line per ticket number:
 * {@code number commitStart commitEnd listener published brokerAck} (0 where a stage was not seen).
 * scripts/bench-tools/DisplayBreakdown.java reads it; nothing in the hall does.
 */
public final class LatencyTrace {
    public static final int COMMIT_START = 0;
    public static final int COMMIT_END = 1;
    public static final int LISTENER = 2;
    public static final int PUBLISHED = 3;
    public static final int BROKER_ACK = 4;
    private static final String FILE = System.getProperty("qms.trace.calls");
    /** True when tracing; callers skip building keys otherwise. */
    public static final boolean ON = FILE != null;
    private static final Map<String, long[]> MARKS = new ConcurrentHashMap<>();

    static {
        if (ON) {
            Runtime.getRuntime().addShutdownHook(new Thread(LatencyTrace::dump, "qms-trace-dump"));
        }
    }

    private LatencyTrace() {
    }

    /** Records the first time {@code ticket} reached {@code stage}. */
    public static void mark(String ticket, int stage) {
        mark(ticket, stage, System.nanoTime());
    }

    public static void mark(String ticket, int stage, long nanos) {
        if (!ON || ticket == null) {
            return;
        }
        long[] m = MARKS.computeIfAbsent(ticket, k -> new long[5]);
        if (m[stage] == 0) {
            m[stage] = nanos;
        }
    }

    private static void dump() {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(FILE)))) {
            MARKS.forEach((k, m) -> w.println(k + " " + m[0] + " " + m[1] + " " + m[2] + " " + m[3] + " " + m[4]));
        } catch (IOException e) {
            System.err.println("trace: cannot write " + FILE + ": " + e.getMessage());
        }
    }
}
