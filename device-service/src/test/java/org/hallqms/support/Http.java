package org.hallqms.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hallqms.store.Json;

/** A plain HTTP client for tests, speaking to the service over a real socket. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Resp(int status, String contentType, JsonNode body, String raw) {
        public String text(String field) {
            return body.path(field).asText();
        }
    }

    public Resp get(String path, String token) {
        return send(builder(path, token).GET().build());
    }

    public Resp post(String path, String json, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Resp put(String path, String json, String token) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Resp delete(String path, String token) {
        return send(builder(path, token).DELETE().build());
    }

    public Resp send(HttpRequest.Builder b) {
        return send(b.build());
    }

    public HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Resp send(HttpRequest r) {
        try {
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
            String raw = resp.body();
            String type = resp.headers().firstValue("Content-Type").orElse("");
            // pages, metrics and CSV come back as raw text only
            JsonNode body = raw == null || raw.isEmpty() || !type.contains("json") ? Json.MAPPER.createObjectNode()
                    : Json.MAPPER.readTree(raw);
            return new Resp(resp.statusCode(), type, body, raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
