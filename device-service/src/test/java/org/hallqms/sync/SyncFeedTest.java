package org.hallqms.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.hallqms.store.Json;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncFeedTest {
    @TempDir
    Path dir;

    @Test
    void the_station_pulls_every_event_once_in_order_and_can_verify_each_hash() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 250; i++) {
                hall.issue(i % 2 == 0 ? "id-card" : "household", "s" + i);
            }
            long head = hall.head().seq();
            String prev = "0".repeat(64);
            long after = 0;
            long expected = 1;
            int pages = 0;
            boolean more = true;
            while (more) {
                Http.Resp r = hall.http().get("/api/v1/sync/events?after=" + after + "&limit=100", TestHall.SYNC);
                assertThat(r.status()).as(r.raw()).isEqualTo(200);
                for (JsonNode e : r.body().path("events")) {
                    assertThat(e.path("seq").asLong()).isEqualTo(expected++);
                    assertThat(e.path("prevHash").asText()).isEqualTo(prev);
                    String canonical = "{\"at\":" + Json.write(e.path("at").asText()) + ",\"data\":"
                            + Json.write(e.path("data")) + ",\"day\":" + Json.write(e.path("day").asText()) + ",\"id\":"
                            + Json.write(e.path("id").asText()) + ",\"seq\":" + e.path("seq").asLong() + ",\"type\":"
                            + Json.write(e.path("type").asText()) + "}";
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    md.update(prev.getBytes(StandardCharsets.US_ASCII));
                    md.update(canonical.getBytes(StandardCharsets.UTF_8));
                    assertThat(e.path("hash").asText()).as("hash of seq %d", e.path("seq").asLong())
                            .isEqualTo(HexFormat.of().formatHex(md.digest()));
                    prev = e.path("hash").asText();
                }
                after = r.body().path("next").asLong();
                more = r.body().path("more").asBoolean();
                pages++;
            }
            assertThat(after).isEqualTo(head);
            assertThat(pages).isEqualTo((int) ((head + 99) / 100));
            JsonNode h = hall.http().get("/api/v1/sync/head", TestHall.SYNC).body();
            assertThat(h.path("seq").asLong()).isEqualTo(head);
            assertThat(h.path("hash").asText()).isEqualTo(prev);
            // nothing new: an empty page that keeps the cursor
            JsonNode empty = hall.http().get("/api/v1/sync/events?after=" + head, TestHall.SYNC).body();
            assertThat(empty.path("events").size()).isZero();
            assertThat(empty.path("next").asLong()).isEqualTo(head);
            assertThat(empty.path("more").asBoolean()).isFalse();
        }
    }

    @Test
    void pages_are_capped_gzipped_when_asked_and_refused_without_the_station_token() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 30; i++) {
                hall.issue("id-card", "g" + i);
            }
            HttpResponse<byte[]> gz = HttpClient.newHttpClient().send(hall.http().builder("/api/v1/sync/events?limit=999999",
                    TestHall.SYNC).header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            JsonNode page = Json.MAPPER.readTree(new GZIPInputStream(new ByteArrayInputStream(gz.body())));
            assertThat(page.path("events").size()).isEqualTo((int) hall.head().seq());

            assertThat(hall.http().get("/api/v1/sync/events", null).status()).isEqualTo(401);
            assertThat(hall.http().get("/api/v1/sync/events", TestHall.ADMIN).status()).isEqualTo(401);
            assertThat(hall.http().get("/api/v1/sync/head", "nope-nope-nope-nope").status()).isEqualTo(401);
            Http.Resp bad = hall.http().get("/api/v1/sync/events?after=-1", TestHall.SYNC);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text("type")).isEqualTo("urn:qms:problem:invalid-request");
            assertThat(hall.http().get("/api/v1/sync/events?limit=ten", TestHall.SYNC).status()).isEqualTo(400);
            assertThat(hall.http().get("/api/v1/sync/events?limit=0", TestHall.SYNC).status()).isEqualTo(400);
            assertThat(hall.http().get("/api/v1/sync/events?after=1e3", TestHall.SYNC).status()).isEqualTo(400);
            assertThat(hall.http().get("/api/v1/sync/events?after=99999999999999999999", TestHall.SYNC).status())
                    .isEqualTo(400);
            // a station ahead of the hall is told so, never handed an empty page as if all were well
            long head = hall.head().seq();
            Http.Resp ahead = hall.http().get("/api/v1/sync/events?after=" + (head + 1), TestHall.SYNC);
            assertThat(ahead.status()).isEqualTo(409);
            assertThat(ahead.text("type")).isEqualTo("urn:qms:problem:cursor-beyond-head");
            assertThat(ahead.body().path("head").asLong()).isEqualTo(head);
            assertThat(ahead.raw()).doesNotContain("\"events\"");
            for (String refused : new String[] {"/api/v1/sync/events?after=0", "/api/v1/sync/head"}) {
                Http.Resp r = hall.http().get(refused, "wrong-token-wrong-token");
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.raw()).doesNotContain("hash", "ticket");
            }
        }
    }

    @Test
    void the_station_can_push_the_catalogue_with_its_own_token() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            var doc = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
                    SyncFeedTest.class.getResourceAsStream("/test-hall.json"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("hall")).put("notice", "由派出所统一下发");

            assertThat(hall.http().put("/api/v1/sync/catalog", doc.toString(), TestHall.ADMIN).status()).isEqualTo(401);
            Http.Resp r = hall.http().put("/api/v1/sync/catalog", doc.toString(), TestHall.SYNC);

            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(hall.events("catalog.updated")).last()
                    .satisfies(e -> assertThat(e.path("source").asText()).isEqualTo("station"));
        }
    }
}
