package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hallqms.config.ConfigException;
import org.hallqms.config.ConfigLoader;
import org.hallqms.support.Certificates;
import org.hallqms.support.Http;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecurityTest {
    private static final String ID_NUMBER = "11010119900307451X";
    @TempDir
    Path dir;
    private TestHall hall;

    @AfterEach
    void stop() {
        if (hall != null) {
            hall.close();
        }
    }

    /** One HTTP/1.1 request from a chosen local address (127.0.0.2 is a second client on the same machine). */
    static String raw(String from, String host, int port, String method, String path, String token) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(10_000);
            String req = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: 0\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void wrong_tokens_from_one_address_lock_that_address_out_while_other_clients_and_the_kiosk_go_on() throws Exception {
        hall = TestHall.start(dir, "QMS_AUTH_MAX_FAILURES", "5");
        int port = hall.hall().httpPort();
        for (int i = 0; i < 5; i++) {
            assertThat(raw("127.0.0.1", "127.0.0.1", port, "GET", "/api/v1/queue", "guess-" + i)).startsWith("HTTP/1.1 401");
        }
        String locked = raw("127.0.0.1", "127.0.0.1", port, "GET", "/api/v1/queue", TestHall.ADMIN);
        assertThat(locked).startsWith("HTTP/1.1 429").contains("Retry-After: ").contains("urn:qms:problem:too-many-failures");
        String officerLocked = raw("127.0.0.1", "127.0.0.1", port, "POST", "/api/v1/counters/1/session", null);
        assertThat(officerLocked).startsWith("HTTP/1.1 429");
        // another machine in the hall, with the right token, is not punished
        assertThat(raw("127.0.0.2", "127.0.0.1", port, "GET", "/api/v1/queue", TestHall.ADMIN)).startsWith("HTTP/1.1 200");
        // and the kiosk on the locked address still issues tickets (no credential involved)
        assertThat(hall.issue("id-card", "after-lock").status()).isEqualTo(201);

        JsonNode auth = hall.http().get("/health", null).body().path("auth");
        assertThat(auth.path("failed").asLong()).isEqualTo(5);
        assertThat(auth.path("refused").asLong()).isEqualTo(2);
        assertThat(auth.path("blockedAddresses").asLong()).isEqualTo(1);
    }

    @Test
    void wrong_pins_count_as_failed_credentials_too() {
        hall = TestHall.start(dir, "QMS_AUTH_MAX_FAILURES", "3", "QMS_PIN_MAX_FAILURES", "50");
        for (int i = 0; i < 3; i++) {
            assertThat(hall.http().post("/api/v1/counters/1/session", "{\"officer\":\"510001\",\"pin\":\"987654\"}", null)
                    .status()).isEqualTo(401);
        }
        Http.Resp r = hall.http().post("/api/v1/counters/1/session", "{\"officer\":\"510001\",\"pin\":\"123456\"}", null);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body().path("type").asText()).isEqualTo("urn:qms:problem:too-many-failures");
    }

    @Test
    void a_rotated_out_station_token_works_until_its_time_then_is_refused_as_expired() {
        String old = "old-station-token-0123456789";
        hall = TestHall.start(dir, "QMS_SYNC_TOKEN_PREVIOUS", old, "QMS_SYNC_TOKEN_PREVIOUS_UNTIL", "2026-11-27T12:00+08:00");
        assertThat(hall.http().get("/api/v1/sync/head", old).status()).isEqualTo(200);

        hall.clock.advance(Duration.ofHours(2));

        Http.Resp r = hall.http().get("/api/v1/sync/events?after=0", old);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body().path("type").asText()).isEqualTo("urn:qms:problem:token-expired");
        assertThat(r.raw()).doesNotContain("\"events\"");
        assertThat(hall.http().get("/api/v1/sync/head", TestHall.SYNC).status()).isEqualTo(200);
        assertThat(hall.http().get("/api/v1/sync/head", "not-a-token-at-all-000").body().path("type").asText())
                .isEqualTo("urn:qms:problem:unauthorized");
    }

    @Test
    void https_is_served_from_pem_files_and_tokens_over_plain_http_from_the_network_are_refused() throws Exception {
        Path[] pem = Certificates.selfSigned(dir);
        hall = TestHall.start(dir, "QMS_TLS_CERT", pem[0].toString(), "QMS_TLS_KEY", pem[1].toString(),
                "QMS_HTTPS_PORT", "0", "QMS_HTTP_HOST", "0.0.0.0");
        int https = hall.hall().httpsPort();
        assertThat(https).isPositive().isNotEqualTo(hall.hall().httpPort());
        HttpClient client = HttpClient.newBuilder().sslContext(Certificates.trusting(pem[0])).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + https
                + "/api/v1/sync/head")).header("Authorization", "Bearer " + TestHall.SYNC).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"seq\"");
        // this machine may still use plain HTTP (scripts, the puller on the same board)
        assertThat(hall.http().get("/api/v1/queue", TestHall.ADMIN).status()).isEqualTo(200);

        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        Assumptions.assumeTrue(lan.isPresent(), "this machine has no network address besides loopback");
        String ip = lan.get().getHostAddress();
        String plain = raw(ip, ip, hall.hall().httpPort(), "GET", "/api/v1/queue", TestHall.ADMIN);
        assertThat(plain).startsWith("HTTP/1.1 403").contains("urn:qms:problem:https-required");
        // the kiosk routes stay open on plain HTTP for the hall's tablets
        assertThat(raw(ip, ip, hall.hall().httpPort(), "GET", "/api/v1/services", null)).startsWith("HTTP/1.1 200");
    }

    @Test
    void pem_files_that_cannot_serve_https_stop_the_start_with_the_key_and_the_fix_named() throws Exception {
        Path[] pem = Certificates.selfSigned(dir);
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n"
                + "-----END RSA PRIVATE KEY-----\n");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBOgIBAAJBAK\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        Path notCert = Files.writeString(dir.resolve("notcert.pem"), "hello\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("QMS_TLS_CERT", pem[0].toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(
                        "QMS_TLS_KEY: HTTPS needs both QMS_TLS_CERT and QMS_TLS_KEY (PEM files); only QMS_TLS_CERT is set");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("QMS_TLS_CERT", pem[0].toString(),
                "QMS_TLS_KEY", pkcs1.toString()))).hasMessageContaining("QMS_TLS_KEY: '" + pkcs1
                + "' is a RSA PRIVATE KEY (PKCS#1/SEC1); convert it with: openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("QMS_TLS_CERT", pem[0].toString(),
                "QMS_TLS_KEY", encrypted.toString()))).hasMessageContaining("is encrypted");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("QMS_TLS_CERT", notCert.toString(),
                "QMS_TLS_KEY", pem[1].toString()))).hasMessageContaining("QMS_TLS_CERT: '" + notCert + "'");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("QMS_SYNC_TOKEN_PREVIOUS",
                "old-station-token-0123456789"))).hasMessageContaining("needs QMS_SYNC_TOKEN_PREVIOUS_UNTIL");
    }

    @Test
    void a_full_id_card_number_is_refused_in_every_field_and_changes_nothing() throws Exception {
        hall = TestHall.start(dir);
        long head = hall.head().seq();
        Http.Resp r = hall.http().post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"" + ID_NUMBER + "\"}", null);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("type").asText()).isEqualTo("urn:qms:problem:personal-id-refused");
        assertThat(r.body().path("detail").asText()).startsWith("requestId: looks like a full ID-card number")
                .doesNotContain(ID_NUMBER);
        assertThat(hall.http().get("/api/v1/tickets/110101199003074514", null).status()).isEqualTo(422);
        assertThat(hall.http().put("/api/v1/catalog", "{\"hall\":{\"notice\":\"请联系 身份证110101199003074514\"}}",
                TestHall.ADMIN).body().path("detail").asText()).startsWith("hall.notice: looks like");
        assertThat(hall.head().seq()).isEqualTo(head);

        String token = hall.login("1", "510001");
        hall.issue("id-card", "one");
        hall.act("1", token, "call-next");
        long before = hall.head().seq();
        Http.Resp note = hall.act("1", token, "finish", "{\"outcome\":\"done\",\"note\":\"证件 " + ID_NUMBER + " 已核\"}");
        assertThat(note.status()).isEqualTo(422);
        assertThat(hall.head().seq()).isEqualTo(before);
        assertThat(hall.http().get("/api/v1/counters/1", null).body().path("ticket").path("state").asText()).isEqualTo("called");

        // numbers that only look long are fine: a 17-digit request id, a phone number
        assertThat(hall.issue("id-card", "20261127093000123").status()).isEqualTo(201);
        assertThat(hall.act("1", token, "finish", "{\"outcome\":\"done\",\"note\":\"回电 13800138000\"}").status())
                .isEqualTo(200);

        String root = "qms/demo-hall/";
        try (MqttProbe device = hall.devices(root + "devices/+/ack")) {
            String msg = "{\"v\":1,\"id\":\"p1\",\"session\":\"x\",\"level\":1,\"reasons\":[\"" + ID_NUMBER
                    + "\"],\"at\":\"2026-11-27T10:00:00+08:00\"}";
            // as firmware does: send again until acknowledged (the same id gets the same answer)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                device.publish(root + "evaluators/eval-1/rating", msg);
                return device.on(root + "devices/eval-1/ack").stream().anyMatch(a -> "p1".equals(a.json().path("id").asText(null)));
            });
            JsonNode ack = device.await(root + "devices/eval-1/ack", a -> "p1".equals(a.path("id").asText(null))).json();
            assertThat(ack.path("error").asText()).isEqualTo("personal_id");
            assertThat(ack.toString()).doesNotContain(ID_NUMBER);
        }
    }

    @Test
    void cors_is_closed_a_page_from_another_origin_gets_no_allow_header() throws Exception {
        hall = TestHall.start(dir);
        HttpClient c = HttpClient.newHttpClient();
        URI u = URI.create("http://127.0.0.1:" + hall.hall().httpPort() + "/api/v1/queue");
        HttpResponse<String> pre = c.send(HttpRequest.newBuilder(u).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> get = c.send(HttpRequest.newBuilder(u).header("Origin", "http://evil.example")
                .header("Authorization", "Bearer " + TestHall.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void no_pin_token_or_id_number_reaches_the_log() throws Exception {
        // Everything the service itself says, down to DEBUG; libraries at the levels the service ships with.
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger own = (Logger) LoggerFactory.getLogger("org.hallqms");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        ch.qos.logback.classic.Level was = own.getLevel();
        own.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            hall = TestHall.start(dir, "QMS_AUTH_MAX_FAILURES", "3");
            for (int i = 0; i < 4; i++) {
                hall.http().get("/api/v1/sync/events", "WRONG-TOKEN-abcdefghijkl");
                hall.http().post("/api/v1/counters/1/session", "{\"officer\":\"510001\",\"pin\":\"987654\"}", null);
            }
            hall.http().post("/api/v1/tickets", "{\"service\":\"id-card\",\"requestId\":\"" + ID_NUMBER + "\"}", null);
            hall.http().get("/api/v1/queue", TestHall.ADMIN);
            hall.close();
            hall = null;
        } finally {
            root.detachAppender(captured);
            own.setLevel(was);
        }
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : captured.list) {
            all.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        assertThat(all).contains("refused for 60 s");
        assertThat(all.toString()).doesNotContain("987654", "WRONG-TOKEN", TestHall.ADMIN, TestHall.SYNC, ID_NUMBER,
                TestHall.PIN);
    }
}
