package org.hallqms.station.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hallqms.support.FreePort;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.hallqms.store.Json;

/**
 * A real station console: one real hall ("east", a {@link TestHall}) and one that is down ("west", a port nobody
 * listens on), pulled into a fresh PostgreSQL schema, the console on a free port with the hall's movable clock,
 * and two users: chen (station-admin) and wang (hall-leader of west).
 */
final class ConsoleRig implements AutoCloseable {
    static final String ADMIN = "chen";
    static final String LEADER = "wang";
    static final String PASSWORD = "correct horse 9";

    final TestHall east;
    final String jdbc;
    final StationConsole console;
    final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConsoleRig(TestHall east, String jdbc, StationConsole console) {
        this.east = east;
        this.jdbc = jdbc;
        this.console = console;
        this.base = "http://127.0.0.1:" + console.port();
    }

    static ConsoleRig start(Path dir, String... extraArgs) throws Exception {
        Postgres.requireServer();
        TestHall east = TestHall.start(Files.createDirectories(dir.resolve("east")));
        String jdbc = Postgres.freshSchema();
        try {
            Path token = dir.resolve("sync.token");
            Files.writeString(token, TestHall.SYNC + "\n");
            assertRan(user("add", ADMIN, "--jdbc", jdbc, "--role", "station-admin"));
            assertRan(user("add", LEADER, "--jdbc", jdbc, "--role", "hall-leader", "--hall", "west"));
            List<String> args = new ArrayList<>(List.of("--jdbc", jdbc,
                    "--hall", "east=http://127.0.0.1:" + east.hall().httpPort(),
                    "--hall", "west=http://127.0.0.1:" + FreePort.find(), "--token", "@" + token,
                    "--host", "127.0.0.1", "--port", "0", "--interval", "1"));
            args.addAll(List.of(extraArgs));
            StationConsole console = StationConsole.start(StationConsole.parse(args.toArray(String[]::new)), east.clock);
            return new ConsoleRig(east, jdbc, console);
        } catch (Exception | Error e) {
            east.close();
            throw e;
        }
    }

    record Ran(int exit, String out, String err) {
    }

    /** {@code station-user ...} with {@link #PASSWORD} on standard input. */
    static Ran user(String... args) {
        return userWithInput(PASSWORD + "\n", args);
    }

    static Ran userWithInput(String stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = StationConsole.user(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Ran(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static void assertRan(Ran r) {
        if (r.exit() != 0) {
            throw new AssertionError("station-user failed: " + r);
        }
    }

    /** An answer with its headers; the body as JSON when it is JSON. */
    record Resp(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String type() {
            return json.path("type").asText();
        }
    }

    Resp login(String user, String password) {
        return post("/api/v1/login", "{\"user\":" + Json.write(user) + ",\"password\":" + Json.write(password) + "}", null);
    }

    /** Logs in and returns the session token. */
    String token(String user) {
        Resp r = login(user, PASSWORD);
        if (r.status() != 200) {
            throw new AssertionError("login of " + user + " failed: " + r.status() + " " + r.raw().body());
        }
        return r.json().path("token").asText();
    }

    Resp get(String path, String token) {
        return send(request(path, token).GET());
    }

    Resp getWithCookie(String path, String cookie) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET());
    }

    Resp post(String path, String json, String token) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    Resp send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !r.body().isEmpty() ? Json.MAPPER.readTree(r.body())
                    : Json.MAPPER.createObjectNode();
            return new Resp(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            console.close();
        } finally {
            east.close();
            Postgres.dropSchema(jdbc);
        }
    }
}
