package org.hallqms.station;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.hallqms.store.Event;
import org.hallqms.store.Json;

/** One hall's sync routes, as the station sees them. */
final class HallClient {
    /** The most events a page may hold: the feed's cap (sync feed contract, v1). */
    static final int MAX_LIMIT = 5000;

    record Page(List<Event> events, long next, boolean more) {
    }

    /** The hall answered, but not with a page: a refusal the operator must see (wrong token, cursor ahead). */
    static final class Refused extends RuntimeException {
        final int status;
        final String type;

        Refused(int status, String type, String detail) {
            super(detail);
            this.status = status;
            this.type = type;
        }
    }

    /** The hall answered 200 with something that is not a page (a proxy's error page, a wrong service). */
    static final class Garbage extends IOException {
        Garbage(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String hall;
    private final URI base;
    /** The token file given as {@code NAME=@FILE}, re-read before each round; null for a token given as text. */
    private final Path tokenFile;
    private final Duration feedTimeout;
    private volatile String token;
    /** System.nanoTime when the hall last answered a page or head in full (or when this client was made). */
    private volatile long answered = System.nanoTime();
    private static final int SMALL = 1 << 16;
    private final HttpClient http;
    /**
     * A page's bytes, kept from page to page: a 2 MB array per page went straight to the old generation and
     * set off most of the puller's garbage collections.
     */
    private byte[] body = new byte[SMALL];

    /** {@code sync-pull}'s client: the token as read at start, a minute for a page of up to 5000 events. */
    HallClient(String hall, URI base, String token, SSLContext tls) {
        this(hall, base, token, null, tls, Duration.ofSeconds(60));
    }

    /**
     * @param tokenFile   where {@code token} was read from, re-read by {@link #reloadToken()}; null if given as text
     * @param feedTimeout how long a page or head request may wait for the hall's answer to begin
     */
    HallClient(String hall, URI base, String token, Path tokenFile, SSLContext tls, Duration feedTimeout) {
        this.hall = hall;
        this.base = base;
        this.token = token;
        this.tokenFile = tokenFile;
        this.feedTimeout = feedTimeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    String hall() {
        return hall;
    }

    /** System.nanoTime of the hall's last full answer to a page or head: a long catch-up is not a hung hall. */
    long answeredAt() {
        return answered;
    }

    /**
     * Re-reads the token file: a hall's token is rotated by replacing that file, and a station still sending the
     * old one soon trips the hall's per-address failed-credential limit. True when the token changed; an
     * unreadable or empty file keeps the token in use.
     */
    boolean reloadToken() throws IOException {
        if (tokenFile == null) {
            return false;
        }
        String t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (t.isEmpty() || t.equals(token)) {
            return false;
        }
        token = t;
        return true;
    }

    /**
     * True when {@code e} says the request never reached the hall (no connection, no TLS session), so the hall
     * did nothing; false when it may have been sent (a timeout waiting for the answer, a connection dropped
     * after the request went out).
     */
    static boolean notSent(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return e instanceof HttpConnectTimeoutException;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof UnknownHostException
                    || c instanceof SSLHandshakeException || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** One at a time: the page is read into this client's one reused buffer. */
    synchronized Page page(long after, int limit) throws IOException, InterruptedException {
        int n = get("/api/v1/sync/events?after=" + after + "&limit=" + limit);
        try {
            Page page = parse(body, n);
            if (!page.more() && body.length > SMALL) {
                // caught up: a station following 50 halls should not hold 50 catch-up-sized buffers
                body = new byte[SMALL];
            }
            return page;
        } catch (IOException e) {
            throw new Garbage("not a page of events: " + e.getMessage(), e);
        }
    }

    /** The hall's last seq ({@code GET /api/v1/sync/head}). */
    synchronized long head() throws IOException, InterruptedException {
        String body = new String(this.body, 0, get("/api/v1/sync/head"), StandardCharsets.UTF_8);
        try {
            var seq = Json.MAPPER.readTree(body).path("seq");
            if (!seq.canConvertToLong()) {
                throw new IOException("no seq");
            }
            return seq.asLong();
        } catch (IOException e) {
            throw new Garbage("not a head: " + e.getMessage(), e);
        }
    }

    /**
     * {@code POST path} with a JSON body and the station token; the hall's JSON answer on 2xx, else
     * {@link Refused} with its status and problem type.
     */
    String post(String path, String json) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r = send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) {
            throw refused(r.statusCode(), r.body());
        }
        return r.body();
    }

    /** Reads the answer into {@link #body}; returns its length. */
    private int get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(feedTimeout)
                .header("Authorization", "Bearer " + token).header("Accept-Encoding", "gzip").GET().build();
        HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
        int n = 0;
        try (InputStream raw = r.body(); InputStream in = r.headers().firstValue("Content-Encoding")
                .filter(e -> e.equalsIgnoreCase("gzip")).isPresent() ? new GZIPInputStream(raw, 65536) : raw) {
            for (int k; (k = in.read(body, n, body.length - n)) >= 0; ) {
                n += k;
                if (n == body.length) {
                    body = Arrays.copyOf(body, body.length * 2);
                }
            }
        }
        answered = System.nanoTime();
        if (r.statusCode() != 200) {
            throw refused(r.statusCode(), new String(body, 0, n, StandardCharsets.UTF_8));
        }
        return n;
    }

    /**
     * {@code HttpClient.send}, but an interrupt ends the wait at once: the station's loop is stopped by interrupting
     * its threads, and a hall that took the request and never answers must not hold the close for the timeout.
     */
    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<T>> f = http.sendAsync(req, body);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    private static Refused refused(int status, String text) {
        String type = "";
        String detail = text.length() > 300 ? text.substring(0, 300) : text;
        try {
            var p = Json.MAPPER.readTree(text);
            type = p.path("type").asText("");
            detail = p.path("detail").asText(detail);
        } catch (IOException | RuntimeException e) {
            // not problem+json: keep the raw start of the body
        }
        return new Refused(status, type, "HTTP " + status + " " + detail);
    }

    /**
     * Parses a page keeping each event's {@code data} as the exact text the hall sent: the hash covers those
     * characters, so re-serialising could hide or invent a difference. Parsed as the UTF-8 bytes it came in:
     * the page is never copied into one large String.
     */
    static Page parse(byte[] body, int length) throws IOException {
        List<Event> events = new ArrayList<>();
        long next = -1;
        Boolean more = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body, 0, length)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "events" -> {
                        expect(t, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            events.add(event(p, body));
                        }
                    }
                    case "next" -> next = p.getLongValue();
                    case "more" -> more = p.getBooleanValue();
                    default -> p.skipChildren();
                }
            }
        }
        if (next < 0 || more == null) {
            throw new IOException("the page lacks 'next' or 'more'");
        }
        return new Page(events, next, more);
    }

    private static Event event(JsonParser p, byte[] body) throws IOException {
        long seq = -1;
        String id = null, type = null, at = null, day = null, data = null, prev = null, hash = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "seq" -> seq = p.getLongValue();
                case "id" -> id = p.getText();
                case "type" -> type = p.getText();
                case "at" -> at = p.getText();
                case "day" -> day = p.getText();
                case "prevHash" -> prev = p.getText();
                case "hash" -> hash = p.getText();
                case "data" -> {
                    int from = (int) p.currentTokenLocation().getByteOffset();
                    if (t.isStructStart()) {
                        p.skipChildren();
                    }
                    int to = (int) p.currentLocation().getByteOffset();
                    data = new String(body, from, to - from, StandardCharsets.UTF_8);
                }
                default -> p.skipChildren();
            }
        }
        if (seq < 1 || id == null || type == null || at == null || day == null || data == null || prev == null
                || hash == null) {
            throw new IOException("an event near seq " + seq + " lacks one of seq, id, type, at, day, data, prevHash, hash");
        }
        return new Event(seq, id, type, at, day, data, prev, hash);
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("unexpected " + got + " where " + want + " belongs");
        }
    }
}
