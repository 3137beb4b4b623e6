import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Call to sound, as a board page meets it: POST call-next at a window, the call event arriving on
 * /api/v1/live, then GET of its audio.wav (a new sentence each time, so never from the cache) until the last
 * byte is in. The page then decodes it (a few ms) and starts it after its fixed 0.8 s chime. Run by scripts/bench
 * against a service with waiting tickets; prints "voice <calls> <p50_ms> <p99_ms> <max_ms> <mean_wav_bytes>".
 */
public final class VoiceBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    static final Pattern AUDIO = Pattern.compile("\"audio\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int calls = Integer.parseInt(args[1]);
        String login = send(base, "POST", "/api/v1/counters/3/session", "{\"officer\":\"510003\",\"pin\":\"123456\"}", null);
        Matcher m = TOKEN.matcher(login);
        if (!m.find()) {
            throw new IllegalStateException("login at window 3 failed: " + login);
        }
        String token = m.group(1);
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch snapshot = new java.util.concurrent.CountDownLatch(1);
        HttpResponse<Stream<String>> live = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/live")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            String type = "";
            for (String line : (Iterable<String>) live.body()::iterator) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:") && type.equals("snapshot")) {
                    snapshot.countDown();
                } else if (line.startsWith("data:") && type.equals("ticket.called")) {
                    events.add(line.substring(5));
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
        // events reach a client once its snapshot is out: calls before that would not be announced to it
        if (!snapshot.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no snapshot from /api/v1/live within 10 s");
        }
        long[] ms = new long[calls];
        long bytes = 0;
        for (int i = -5; i < calls; i++) { // five to warm up
            long t0 = System.nanoTime();
            String called = send(base, "POST", "/api/v1/counters/3/call-next", "", token);
            String event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new IllegalStateException("no call event within 10 s after call-next answered " + called);
            }
            Matcher a = AUDIO.matcher(event);
            if (!a.find()) {
                throw new IllegalStateException("the call event has no audio: " + event);
            }
            HttpResponse<InputStream> wav = HTTP.send(HttpRequest.newBuilder(URI.create(base + a.group(1))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = wav.body()) {
                body = in.readAllBytes();
            }
            long t1 = System.nanoTime();
            if (wav.statusCode() != 200 || body.length < 1000) {
                throw new IllegalStateException("audio " + wav.statusCode() + ", " + body.length + " bytes");
            }
            if (i >= 0) {
                ms[i] = t1 - t0;
                bytes += body.length;
            }
            send(base, "POST", "/api/v1/counters/3/no-show", "", token);
        }
        Arrays.sort(ms);
        System.out.printf("voice %d %.1f %.1f %.1f %d%n", calls, ms[calls / 2] / 1e6, ms[(int) Math.ceil(calls * 0.99) - 1] / 1e6,
                ms[calls - 1] / 1e6, bytes / calls);
        System.exit(0);
    }

    static String send(String base, String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
