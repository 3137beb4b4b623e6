import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The service's CPU time per rating: MqttBench's rating rounds (every evaluator rates at once), the service's
 * utime+stime read from /proc/PID/stat around the rating bursts only (not the HTTP set-up between them).
 * Run by scripts/bench-cpu. Prints "ratings <n> <per_second> <cpu_us_per_rating> <ok> <refused>".
 */
public final class RatingCpu {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    static final Pattern SESSION = Pattern.compile("\"session\":\"([0-9a-f]+)\"");
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String mqtt = args[1];
        int counters = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        long pid = Long.parseLong(args[5]);
        String root = "qms/demo-hall/";
        LinkedBlockingQueue<String[]> messages = new LinkedBlockingQueue<>();
        MqttAsyncClient client = new MqttAsyncClient(mqtt, "bench-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(65000);
        o.setSocketFactory(new org.hallqms.device.NoDelaySockets());
        client.setCallback(new MqttCallback() {
            public void connectionLost(Throwable t) { }
            public void deliveryComplete(IMqttDeliveryToken t) { }
            public void messageArrived(String topic, MqttMessage m) {
                messages.add(new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8)});
            }
        });
        client.connect(o).waitForCompletion();
        client.subscribe(new String[] {root + "devices/+/ack", root + "evaluators/+/session"}, new int[] {1, 1})
                .waitForCompletion();
        String[] tokens = new String[counters + 1];
        for (int c = 1; c <= counters; c++) {
            tokens[c] = find(TOKEN, post("/api/v1/counters/c" + c + "/session", "{\"officer\":\"" + (600000 + c)
                    + "\",\"pin\":\"123456\"}", null));
        }
        long nanos = 0;
        long ticks = 0;
        int ok = 0;
        int refused = 0;
        int sent = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            Map<String, String> sessions = new ConcurrentHashMap<>();
            for (int c = 1; c <= counters; c++) {
                post("/api/v1/tickets", "{\"service\":\"svc-" + (char) ('b' + r % 20) + "\",\"requestId\":\"r" + r + "-" + c
                        + "\"}", null);
            }
            for (int c = 1; c <= counters; c++) {
                post("/api/v1/counters/c" + c + "/call-next", "", tokens[c]);
                post("/api/v1/counters/c" + c + "/finish", "{\"outcome\":\"done\"}", tokens[c]);
            }
            while (sessions.size() < counters) {
                String[] m = messages.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("sessions seen: " + sessions.size());
                }
                if (m[0].endsWith("/session") && m[1].contains("\"state\":\"open\"")) {
                    sessions.put(m[0].split("/")[3], find(SESSION, m[1]));
                }
            }
            // the session messages' own work is not part of the measured burst
            settle(pid);
            messages.clear();
            boolean measured = r >= warmup;
            long cpu0 = cpu(pid);
            long t0 = System.nanoTime();
            int level = 3;
            for (Map.Entry<String, String> e : sessions.entrySet()) {
                String body = "{\"v\":1,\"id\":\"b" + r + "-" + e.getKey() + "\",\"session\":\"" + e.getValue()
                        + "\",\"level\":" + (3 + (level++ % 3)) + "}";
                client.publish(root + "evaluators/" + e.getKey() + "/rating", body.getBytes(StandardCharsets.UTF_8), 1, false);
            }
            int acks = 0;
            int roundOk = 0;
            while (acks < counters) {
                String[] m = messages.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("acks seen: " + acks);
                }
                if (m[0].endsWith("/ack")) {
                    acks++;
                    if (m[1].contains("\"ok\":true")) {
                        roundOk++;
                    }
                }
            }
            long t1 = System.nanoTime();
            // the session-closed messages that follow each rating belong to its cost: wait for them too
            int closed = 0;
            while (closed < counters) {
                String[] m = messages.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    break;
                }
                if (m[0].endsWith("/session") && m[1].contains("\"state\":\"closed\"")) {
                    closed++;
                }
            }
            long cpu1 = settle(pid);
            if (measured) {
                nanos += t1 - t0;
                ticks += cpu1 - cpu0;
                sent += counters;
                ok += roundOk;
                refused += counters - roundOk;
            }
        }
        // USER_HZ is 100 on Linux: one tick is 10 ms
        System.out.printf("ratings %d %.0f %.0f %d %d%n", sent, sent / (nanos / 1e9), ticks * 10_000.0 / sent, ok, refused);
        client.disconnect().waitForCompletion();
        System.exit(0);
    }

    /**
     * The service's CPU ticks once it has gone quiet: unchanged over one tick (10 ms) plus margin, at most 2 s.
     * The service's tail work after its last message (acks, the log's flush) announces nothing a client could
     * wait for, so the only sign that it has ended is its CPU time standing still; hence the short pauses.
     */
    static long settle(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long before = cpu(pid);
        while (System.nanoTime() < deadline) {
            // must sleep: /proc counts in 10 ms ticks, so standing still can only be seen across a pause
            Thread.sleep(30);
            long now = cpu(pid);
            if (now == before) {
                return now;
            }
            before = now;
        }
        return before;
    }

    /** utime + stime of a process, in clock ticks. */
    static long cpu(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + s);
        }
        return m.group(1);
    }
}
