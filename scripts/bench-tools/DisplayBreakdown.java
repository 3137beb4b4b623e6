import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The display loop of MqttBench (call-next over HTTP until the window display arrives through the broker), with
 * the client's own times per call written to a file: "number t0 httpAnswered arrived" (System.nanoTime).
 * scripts/bench-display joins them with the service's -Dqms.trace.calls file.
 */
public final class DisplayBreakdown {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    static final Pattern NUMBER = Pattern.compile("\"number\":\"([A-Z][0-9]{3})\"");
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String mqtt = args[1];
        int calls = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
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
        client.subscribe(new String[] {root + "counters/c1/display"}, new int[] {1}).waitForCompletion();
        String token = find(TOKEN, post("/api/v1/counters/c1/session", "{\"officer\":\"600001\",\"pin\":\"123456\"}", null));
        for (int i = 0; i < calls; i++) {
            post("/api/v1/tickets", "{\"service\":\"svc-a\",\"requestId\":\"bd-" + Long.toString(System.nanoTime(), 36) + "-" + i + "\"}", null);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                String number = find(NUMBER, post("/api/v1/counters/c1/call-next", "", token));
                long answered = System.nanoTime();
                long arrived = -1;
                while (arrived < 0) {
                    String[] m = messages.poll(10, TimeUnit.SECONDS);
                    if (m == null) {
                        throw new IllegalStateException("no display message for " + number);
                    }
                    if (m[1].contains("\"ticket\":\"" + number + "\"") && m[1].contains("\"calling\"")) {
                        arrived = Long.parseLong(m[2]);
                    }
                }
                if (i >= 100) {
                    w.println(number + " " + t0 + " " + answered + " " + arrived);
                }
                post("/api/v1/counters/c1/finish", "{\"outcome\":\"done\"}", token);
            }
        }
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
