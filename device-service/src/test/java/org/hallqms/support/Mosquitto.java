package org.hallqms.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto process of the test's own, on a free port, with persistence in the test's folder so that a
 * restart keeps subscribers' sessions. Skipped where the binary is missing, except in CI, where it must be.
 */
public final class Mosquitto implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/mosquitto";
    public final int port;
    private final Path dir;
    private Process process;

    private final List<String> security;

    public Mosquitto(Path dir) {
        this(dir, FreePort.find(), List.of("allow_anonymous true"));
    }

    /**
     * A Mosquitto as {@code scripts/install --with-mosquitto} sets it up: anonymous clients refused, the
     * password and ACL files of {@code mqtt-acl}, client id = user name; every decision in mosquitto.log.
     */
    public static Mosquitto secured(Path dir, int port, Path passwordFile, Path aclFile) {
        return new Mosquitto(dir, port, List.of("allow_anonymous false", "password_file " + passwordFile,
                "acl_file " + aclFile, "use_username_as_clientid true", "log_type all"));
    }

    private Mosquitto(Path dir, int port, List<String> security) {
        this.security = security;
        if (!Files.isExecutable(Path.of(BINARY))) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(BINARY + " is missing; .ci/run installs it (apt-get install -y mosquitto)");
            }
            Assumptions.abort("mosquitto is not installed (apt-get install -y mosquitto)");
        }
        this.dir = dir;
        this.port = port;
        start();
    }

    /** What Mosquitto logged so far (with {@code log_type all}: every denied CONNECT, PUBLISH and SUBSCRIBE). */
    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "";
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public void start() {
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("mosquitto.conf");
            // Started as root, Mosquitto drops to its own user, which cannot write the persistence file here.
            List<String> lines = new java.util.ArrayList<>(List.of("user " + System.getProperty("user.name"),
                    "listener " + port + " 127.0.0.1"));
            lines.addAll(security);
            Files.write(conf, lines);
            Files.write(conf, List.of("persistence true",
                    "persistence_location " + dir + "/", "max_inflight_messages 0", "max_queued_messages 100000",
                    "set_tcp_nodelay true", "autosave_interval 1", "autosave_on_changes true"),
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(60)).until(this::listening);
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, as an IT person's restart; Mosquitto saves its persistence file on the way down. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !listening());
    }

    /** SIGKILL: the broker dies without saving; what it saved on each change is all it keeps. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !listening());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
