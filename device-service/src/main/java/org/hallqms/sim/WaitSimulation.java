package org.hallqms.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import org.hallqms.Hall;
import org.hallqms.config.ConfigLoader;
import org.hallqms.store.Json;

/**
 * A discrete-event simulation of a day in the sample hall, run against the real service: the engine, its
 * SQLite file and its HTTP API, on a virtual clock. Citizens arrive (Poisson, per service and hour), take
 * tickets at the kiosk route, and the three windows call, serve for a random time, mark the odd no-show and
 * take their breaks through the counter routes. Each ticket's {@code estimatedWaitMinutes} at issue is
 * compared with the wait it really had (issue to first call): the mean absolute error says how far the kiosk's
 * promise can be trusted.
 */
public final class WaitSimulation {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 27);
    private static final String PIN = "123456";

    /** Arrivals per hour and the true mean service minutes per service (the catalogue's seeds differ on purpose). */
    record Demand(String service, double share, double meanMinutes) {
    }

    static final List<Demand> DEMAND = List.of(
            new Demand("id-card", 0.45, 7.0),
            new Demand("certificate", 0.30, 4.0),
            new Demand("household", 0.15, 14.0),
            new Demand("green", 0.10, 9.0));

    /** Citizens arriving per hour, from the hour's start: a morning rush, a calmer afternoon. */
    static final Map<Integer, Integer> ARRIVALS_PER_HOUR = Map.of(8, 20, 9, 30, 10, 28, 11, 18, 13, 16, 14, 22, 15, 26,
            16, 14);

    /** Window, officer, and its break (a pause the officer takes once the current citizen is done). */
    record Window(String counter, String officer, LocalTime breakFrom, LocalTime breakTo) {
    }

    static final List<Window> WINDOWS = List.of(
            new Window("1", "510001", LocalTime.of(10, 0), LocalTime.of(10, 15)),
            new Window("2", "510002", LocalTime.of(15, 0), LocalTime.of(15, 20)),
            new Window("3", "510003", LocalTime.of(11, 0), LocalTime.of(11, 10)));

    /**
     * @param shifts pairs of opening and closing times; arrivals stop 15 minutes before a shift's end, windows
     *               serve whoever holds a ticket before they close
     */
    public record Options(long seed, List<LocalTime[]> shifts, PrintStream trace) {
        public static Options fullDay(long seed) {
            return new Options(seed, null, null).full();
        }

        Options full() {
            return new Options(seed, List.of(new LocalTime[] {LocalTime.of(8, 30), LocalTime.of(12, 0)},
                    new LocalTime[] {LocalTime.of(13, 30), LocalTime.of(17, 0)}), trace);
        }

        public static Options shortDay(long seed) {
            return new Options(seed, List.<LocalTime[]>of(new LocalTime[] {LocalTime.of(8, 30), LocalTime.of(10, 30)}),
                    null);
        }

        /** Each ticket's promise and real wait, printed to {@code out} as the day ends. */
        public Options tracing(PrintStream out) {
            return new Options(seed, shifts, out);
        }
    }

    /** Per service (and "all"): tickets measured, mean absolute error, mean signed error (+ = promised too long), p90. */
    public record Row(String service, int n, double meanWait, double mae, double bias, double p90) {
    }

    public record Result(List<Row> rows, int issued, int neverCalled) {
        public Row all() {
            return rows.get(rows.size() - 1);
        }
    }

    private record Issued(String id, String service, long issuedAt, int estimate) {
    }

    private interface Ev {
        long at();
    }

    private record Arrival(long at, String service) implements Ev {
    }

    /** A window is free (start of shift, after a citizen, after a no-show). */
    private record Free(long at, Window w) implements Ev {
    }

    private record Resume(long at, Window w) implements Ev {
    }

    private record Finish(long at, Window w) implements Ev {
    }

    /** The called citizen walks up (or not) to the window. */
    private record Arrive(long at, Window w, String ticket, boolean comes, double minutes) implements Ev {
    }

    private final Options options;
    private final Random rnd;
    private final HttpClient http = HttpClient.newHttpClient();
    private final VirtualClock clock = new VirtualClock(at(LocalTime.of(8, 0)));
    private final PriorityQueue<Ev> queue = new PriorityQueue<>(Comparator.comparingLong(Ev::at));
    private final Map<String, Issued> tickets = new LinkedHashMap<>();
    private final Map<String, Long> firstCall = new HashMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, Boolean> idle = new HashMap<>();
    private final Map<String, Boolean> breakTaken = new HashMap<>();
    private String base;

    private WaitSimulation(Options options) {
        this.options = options;
        this.rnd = new Random(options.seed());
    }

    /** Runs the day against a fresh service in a temporary directory, and returns the error table. */
    public static Result run(Options options) {
        return new WaitSimulation(options).day();
    }

    public static String table(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-12s %5s %10s %9s %9s %9s%n", "service", "n", "mean wait", "MAE min",
                "bias min", "p90 |e|"));
        for (Row row : r.rows()) {
            b.append(String.format(Locale.ROOT, "%-12s %5d %10.1f %9.2f %+9.2f %9.2f%n", row.service(), row.n(),
                    row.meanWait(), row.mae(), row.bias(), row.p90()));
        }
        return b.toString();
    }

    private Result day() {
        Path dir;
        try {
            dir = Files.createTempDirectory("qms-estimate-sim");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("QMS_DATA_DIR", dir.resolve("data").toString());
        env.put("QMS_HTTP_HOST", "127.0.0.1");
        env.put("QMS_HTTP_PORT", "0");
        env.put("QMS_MQTT_BIND", "127.0.0.1");
        env.put("QMS_MQTT_PORT", Integer.toString(freePort()));
        env.put("QMS_DEVICE_CONFIG_DIR", dir.resolve("no-devices").toString());
        env.put("QMS_ADMIN_TOKEN", "estimate-sim-admin-token-000000");
        env.put("QMS_SYNC_TOKEN", "estimate-sim-sync-token-0000000");
        try (Hall hall = Hall.start(ConfigLoader.load(java.util.Optional.empty(), env), clock)) {
            base = "http://127.0.0.1:" + hall.httpPort();
            plan();
            while (!queue.isEmpty()) {
                Ev e = queue.poll();
                clock.set(Instant.ofEpochMilli(e.at()));
                handle(e);
            }
        } finally {
            deleteQuietly(dir);
        }
        return result();
    }

    private void plan() {
        for (LocalTime[] shift : options.shifts()) {
            long open = at(shift[0]).toEpochMilli();
            long lastArrival = at(shift[1].minusMinutes(15)).toEpochMilli();
            for (Window w : WINDOWS) {
                queue.add(new Free(open, w));
            }
            // Poisson arrivals: exponential gaps at the hour's rate
            long t = open;
            while (true) {
                int hour = LocalTime.ofInstant(Instant.ofEpochMilli(t), ZONE).getHour();
                double perHour = ARRIVALS_PER_HOUR.getOrDefault(hour, 10);
                t += (long) (-Math.log(1 - rnd.nextDouble()) * 3_600_000 / perHour);
                if (t > lastArrival) {
                    break;
                }
                queue.add(new Arrival(t, pick()));
            }
        }
    }

    private String pick() {
        double x = rnd.nextDouble();
        for (Demand d : DEMAND) {
            x -= d.share();
            if (x < 0) {
                return d.service();
            }
        }
        return DEMAND.get(0).service();
    }

    private void handle(Ev e) {
        if (e instanceof Arrival a) {
            JsonNode t = call("POST", "/api/v1/tickets", "{\"service\":\"" + a.service() + "\",\"requestId\":\"sim-"
                    + tickets.size() + "\"}", null);
            tickets.put(t.path("id").asText(), new Issued(t.path("id").asText(), a.service(), a.at(),
                    t.path("estimatedWaitMinutes").asInt()));
            // idle windows look at the queue again
            for (Window w : WINDOWS) {
                if (Boolean.TRUE.equals(idle.get(w.counter()))) {
                    idle.put(w.counter(), false);
                    queue.add(new Free(a.at(), w));
                }
            }
        } else if (e instanceof Free f) {
            free(f.w(), f.at());
        } else if (e instanceof Resume r) {
            call("POST", "/api/v1/counters/" + r.w().counter() + "/resume", "", tokens.get(r.w().counter()));
            free(r.w(), r.at());
        } else if (e instanceof Arrive a) {
            String token = tokens.get(a.w().counter());
            if (!a.comes()) {
                call("POST", "/api/v1/counters/" + a.w().counter() + "/no-show", "", token);
                queue.add(new Free(a.at(), a.w()));
                return;
            }
            call("POST", "/api/v1/counters/" + a.w().counter() + "/start", "", token);
            queue.add(new Finish(a.at() + (long) (a.minutes() * 60_000), a.w()));
        } else if (e instanceof Finish f) {
            call("POST", "/api/v1/counters/" + f.w().counter() + "/finish", "{\"outcome\":\"done\"}",
                    tokens.get(f.w().counter()));
            free(f.w(), f.at());
        }
    }

    private void free(Window w, long now) {
        String counter = w.counter();
        if (!tokens.containsKey(counter)) {
            tokens.put(counter, call("POST", "/api/v1/counters/" + counter + "/session", "{\"officer\":\"" + w.officer()
                    + "\",\"pin\":\"" + PIN + "\"}", null).path("token").asText());
        }
        LocalTime t = LocalTime.ofInstant(Instant.ofEpochMilli(now), ZONE);
        if (!Boolean.TRUE.equals(breakTaken.get(counter)) && !t.isBefore(w.breakFrom()) && t.isBefore(w.breakTo())) {
            breakTaken.put(counter, true);
            call("POST", "/api/v1/counters/" + counter + "/pause", "{\"reason\":\"休息\"}", tokens.get(counter));
            queue.add(new Resume(at(w.breakTo()).toEpochMilli(), w));
            return;
        }
        Status s = send("POST", "/api/v1/counters/" + counter + "/call-next", "", tokens.get(counter));
        if (s.status() == 409) {
            // nobody waiting: wait for an arrival; busy or paused: that window's own flow goes on
            if (s.body().path("type").asText().endsWith(":queue-empty")) {
                idle.put(counter, true);
            }
            return;
        }
        JsonNode ticket = s.body().path("ticket");
        firstCall.putIfAbsent(ticket.path("id").asText(), now);
        boolean comes = rnd.nextDouble() >= 0.03;
        Demand d = DEMAND.stream().filter(x -> x.service().equals(ticket.path("service").asText())).findFirst()
                .orElse(DEMAND.get(0));
        // lognormal service time with the demand's mean and a coefficient of variation of 0.5
        double sigma = Math.sqrt(Math.log(1 + 0.25));
        double minutes = d.meanMinutes() * Math.exp(sigma * rnd.nextGaussian() - sigma * sigma / 2);
        // the citizen needs a minute to walk up; a no-show is marked after two
        queue.add(new Arrive(now + (comes ? 60_000 : 120_000), w, ticket.path("id").asText(), comes, minutes));
    }

    private Result result() {
        Map<String, List<double[]>> errs = new TreeMap<>();
        int never = 0;
        for (Issued i : tickets.values()) {
            Long called = firstCall.get(i.id());
            if (called == null) {
                never++;
                continue;
            }
            double actual = (called - i.issuedAt()) / 60_000.0;
            double e = i.estimate() - actual;
            if (options.trace() != null) {
                options.trace().printf(Locale.ROOT, "%s %-12s promised %3d waited %6.1f%n",
                        LocalTime.ofInstant(Instant.ofEpochMilli(i.issuedAt()), ZONE), i.service(), i.estimate(), actual);
            }
            errs.computeIfAbsent(i.service(), k -> new ArrayList<>()).add(new double[] {e, actual});
            errs.computeIfAbsent("~all", k -> new ArrayList<>()).add(new double[] {e, actual});
        }
        List<Row> rows = new ArrayList<>();
        errs.forEach((svc, l) -> {
            double[] abs = l.stream().mapToDouble(x -> Math.abs(x[0])).sorted().toArray();
            double mae = java.util.Arrays.stream(abs).average().orElse(0);
            double bias = l.stream().mapToDouble(x -> x[0]).average().orElse(0);
            double p90 = abs.length == 0 ? 0 : abs[Math.max(0, (int) Math.ceil(0.9 * abs.length) - 1)];
            double wait = l.stream().mapToDouble(x -> x[1]).average().orElse(0);
            rows.add(new Row(svc.equals("~all") ? "all" : svc, l.size(), wait, mae, bias, p90));
        });
        return new Result(rows, tickets.size(), never);
    }

    private record Status(int status, JsonNode body) {
    }

    private JsonNode call(String method, String path, String body, String token) {
        Status s = send(method, path, body, token);
        if (s.status() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + s.status() + ": " + s.body());
        }
        return s.body();
    }

    private Status send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Status(r.statusCode(), r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Instant at(LocalTime t) {
        return DAY.atTime(t).atZone(ZONE).toInstant();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
