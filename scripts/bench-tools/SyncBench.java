import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the whole event log page by page as the station would, and prints
 * "sync <events> <seconds> <events_per_second> <pages>". Usage: java SyncBench.java BASE_URL SYNC_TOKEN LIMIT
 */
public final class SyncBench {
    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern next = Pattern.compile("\"next\":(\\d+),\"more\":(true|false)(,\"v\":\\d+)?\\}$");
        long after = 0;
        long events = 0;
        int pages = 0;
        long t0 = System.nanoTime();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(args[0] + "/api/v1/sync/events?after="
                    + after + "&limit=" + args[2])).header("Authorization", "Bearer " + args[1]).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = next.matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            long n = Long.parseLong(m.group(1));
            events += n - after;
            after = n;
            pages++;
            if (m.group(2).equals("false")) {
                break;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("sync %d %.2f %.0f %d%n", events, secs, events / secs, pages);
    }
}
