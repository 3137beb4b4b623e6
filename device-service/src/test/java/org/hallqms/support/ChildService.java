package org.hallqms.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hallqms.Main;

/** The service as a real child JVM, so a test can kill it with SIGKILL mid-write. */
public final class ChildService implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on http://[^:]+:(\\d+)");
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    public ChildService(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The service's own logging (LogSetup), not the tests' logback-test.xml: the ready line is logged at INFO.
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-Dqms.logging=service", "-cp",
                System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("QMS_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        process = pb.start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            ready.completeExceptionally(new IllegalStateException("the service exited before it was ready:\n" + output));
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the child service did not start:\n" + output, e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** What a run of the service's {@code main} that is expected to stop by itself printed, and its exit code. */
    public record Run(int exit, String output) {
        public List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Runs {@code java Main args} with only {@code env}'s QMS_ settings, to its end (a refused start, a tool). */
    public static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx96m",
                "-Dqms.logging=service", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QMS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("still running after 120 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }

    public String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut for the process. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
