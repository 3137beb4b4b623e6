import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT budgets: call-next over HTTP until the window display message arrives through the broker, and
 * ratings ingested per second. Run by scripts/bench with the service jar on the class path (for Paho).
 * Prints "display <n> <p50_ms> <p99_ms> <max_ms>" and "ratings <n> <per_second> <ok> <refused>".
 */
public final class MqttBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    static final Pattern NUMBER = Pattern.compile("\"number\":\"([A-Z][0-9]{3})\"");
    static final Pattern SESSION = Pattern.compile("\"session\":\"([0-9a-f]+)\"");
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String mqtt = args[1];
        int counters = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
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
                messages.add(new String[] {topic, new String(m.getPayload(), StandardCharsets.UTF_8), Long.toString(System.nanoTime())});
            }
        });
        client.connect(o).waitForCompletion();
        client.subscribe(new String[] {root + "counters/c1/display", root + "devices/+/ack", root + "evaluators/+/session"},
                new int[] {1, 1, 1}).waitForCompletion();

        String[] tokens = new String[counters + 1];
        for (int c = 1; c <= counters; c++) {
            tokens[c] = find(TOKEN, post("/api/v1/counters/c" + c + "/session", "{\"officer\":\"" + (600000 + c)
                    + "\",\"pin\":\"123456\"}", null));
        }
        // call -> display
        int calls = 600;
        for (int i = 0; i < calls; i++) {
            post("/api/v1/tickets", "{\"service\":\"svc-a\",\"requestId\":\"d" + i + "\"}", null);
        }
        long[] lat = new long[calls - 100];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            String number = find(NUMBER, post("/api/v1/counters/c1/call-next", "", tokens[1]));
            long arrived = -1;
            while (arrived < 0) {
                String[] m = messages.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("no display message for " + number);
                }
                if (m[0].endsWith("/display") && m[1].contains("\"ticket\":\"" + number + "\"") && m[1].contains("\"calling\"")) {
                    arrived = Long.parseLong(m[2]);
                }
            }
            if (i >= 100) {
                lat[i - 100] = arrived - t0;
            }
            post("/api/v1/counters/c1/finish", "{\"outcome\":\"done\"}", tokens[1]);
        }
        Arrays.sort(lat);
        System.out.printf("display %d %.2f %.2f %.2f%n", lat.length, lat[lat.length / 2] / 1e6,
                lat[(int) (lat.length * 0.99)] / 1e6, lat[lat.length - 1] / 1e6);

        // ratings: every evaluator gets a session, then all rate at once; repeated in rounds
        long ratingNanos = 0;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        int sent = 0;
        for (int r = 0; r < rounds; r++) {
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
            messages.clear();
            long t0 = System.nanoTime();
            for (Map.Entry<String, String> e : sessions.entrySet()) {
                String body = "{\"v\":1,\"id\":\"b" + r + "-" + e.getKey() + "\",\"session\":\"" + e.getValue()
                        + "\",\"level\":" + (3 + (sent % 3)) + "}";
                client.publish(root + "evaluators/" + e.getKey() + "/rating", body.getBytes(StandardCharsets.UTF_8), 1, false);
                sent++;
            }
            int acks = 0;
            while (acks < counters) {
                String[] m = messages.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new IllegalStateException("acks seen: " + acks);
                }
                if (m[0].endsWith("/ack")) {
                    acks++;
                    (m[1].contains("\"ok\":true") ? ok : refused).incrementAndGet();
                }
            }
            ratingNanos += System.nanoTime() - t0;
        }
        System.out.printf("ratings %d %.0f %d %d%n", sent, sent / (ratingNanos / 1e9), ok.get(), refused.get());
        client.disconnect().waitForCompletion();
        System.exit(0);
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
