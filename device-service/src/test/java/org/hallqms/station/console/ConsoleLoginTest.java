package org.hallqms.station.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.hallqms.support.Certificates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logging in to the station console, sessions by cookie or bearer, their end, and the throttle on guessing. */
class ConsoleLoginTest {
    @TempDir
    Path dir;

    @Test
    void a_user_logs_in_and_both_the_cookie_and_the_bearer_token_work_until_logout() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            ConsoleRig.Resp r = rig.login(ConsoleRig.ADMIN, ConsoleRig.PASSWORD);
            assertThat(r.status()).isEqualTo(200);
            String token = r.json().path("token").asText();
            assertThat(token).hasSizeGreaterThan(30);
            assertThat(r.json().path("role").asText()).isEqualTo("station-admin");
            String cookie = r.header("Set-Cookie");
            assertThat(cookie).startsWith("qms_station=" + token + ";").contains("HttpOnly", "SameSite=Strict",
                    "Path=/", "Max-Age=28800").doesNotContain("Secure");

            assertThat(rig.get("/api/v1/me", token).json().path("user").asText()).isEqualTo("chen");
            String jar = "qms_station=" + token;
            assertThat(rig.getWithCookie("/api/v1/me", jar).json().path("user").asText()).isEqualTo("chen");
            ConsoleRig.Resp halls = rig.getWithCookie("/api/v1/halls", jar);
            assertThat(halls.status()).isEqualTo(200);
            assertThat(halls.json().findValuesAsText("hall")).containsExactlyInAnyOrder("east", "west");
            ConsoleRig.Resp page = rig.get("/halls", null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "style-src 'self'",
                    "frame-ancestors 'none'");

            // only hashes are kept: neither the session token nor the password is in the database
            try (Connection c = DriverManager.getConnection(rig.jdbc); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT token_hash FROM qms_console_sessions")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isNotEqualTo(token).hasSize(64);
                }
                try (ResultSet rs = s.executeQuery("SELECT password FROM qms_console_users WHERE name = 'chen'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$210000$").doesNotContain(ConsoleRig.PASSWORD);
                }
            }

            ConsoleRig.Resp out = rig.post("/api/v1/logout", "", token);
            assertThat(out.status()).isEqualTo(204);
            assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
            assertThat(rig.get("/api/v1/me", token).status()).isEqualTo(401);
            ConsoleRig.Resp gone = rig.getWithCookie("/api/v1/halls", jar);
            assertThat(gone.status()).isEqualTo(401);
            assertThat(gone.type()).isEqualTo("urn:qms:problem:unauthorized");
            assertThat(rig.get("/api/v1/halls", null).status()).isEqualTo(401);
            assertThat(rig.get("/api/v1/halls", "made-up-token").status()).isEqualTo(401);
        }
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            ConsoleRig.Resp wrong = rig.login(ConsoleRig.ADMIN, "not the password");
            ConsoleRig.Resp unknown = rig.login("nobody", "not the password");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(wrong.raw().body().replace("chen", "X")).isEqualTo(unknown.raw().body().replace("nobody", "X"));
            assertThat(wrong.type()).isEqualTo("urn:qms:problem:login-failed");
            assertThat(wrong.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void five_failed_logins_refuse_the_name_and_the_address_for_fifteen_minutes_even_with_the_right_password()
            throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            for (int i = 0; i < 5; i++) {
                assertThat(rig.login(ConsoleRig.ADMIN, "guess " + i).status()).isEqualTo(401);
            }
            ConsoleRig.Resp refused = rig.login(ConsoleRig.ADMIN, ConsoleRig.PASSWORD);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.type()).isEqualTo("urn:qms:problem:login-throttled");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(890L, 900L);
            // the guessing address is refused for every name
            assertThat(rig.login(ConsoleRig.LEADER, ConsoleRig.PASSWORD).status()).isEqualTo(429);

            rig.east.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            assertThat(rig.login(ConsoleRig.ADMIN, ConsoleRig.PASSWORD).status()).isEqualTo(200);
        }
    }

    @Test
    void a_name_guessed_from_many_addresses_is_refused_from_every_address_and_other_names_are_not() {
        org.hallqms.sim.VirtualClock clock = new org.hallqms.sim.VirtualClock(java.time.Instant.parse("2026-11-27T02:00:00Z"));
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 1; i <= 5; i++) {
            assertThat(t.reserve("chen", "10.0.0." + i)).isZero();
        }
        assertThat(t.reserve("chen", "10.0.0.99")).isEqualTo(900);
        assertThat(t.reserve("wang", "10.0.0.99")).isZero();
        assertThat(t.reserve("wang", "10.0.0.1")).isZero();
        clock.advance(Duration.ofMinutes(15));
        assertThat(t.reserve("chen", "10.0.0.99")).isZero();
    }

    @Test
    void good_logins_give_their_place_back_so_they_never_lock_out_their_own_address() {
        org.hallqms.sim.VirtualClock clock = new org.hallqms.sim.VirtualClock(java.time.Instant.parse("2026-11-27T02:00:00Z"));
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 4; i++) {
            assertThat(t.reserve("guess" + i, "10.0.0.1")).isZero();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(t.reserve("chen", "10.0.0.1")).isZero();
            t.succeeded("chen", "10.0.0.1");
        }
        // the four failures still count against the address: one more guess, then it is refused
        assertThat(t.reserve("guess9", "10.0.0.1")).isZero();
        assertThat(t.reserve("chen", "10.0.0.1")).isEqualTo(900);
    }

    @Test
    void twenty_parallel_guesses_at_one_name_get_at_most_five_refusals_of_the_password_and_the_rest_are_throttled()
            throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            List<Integer> statuses = parallel(20, i -> rig.login(ConsoleRig.ADMIN, "guess " + i).status());
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(s -> s == 401).count()).isBetween(1L, 5L);
            assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(15L);
            assertThat(rig.login(ConsoleRig.ADMIN, ConsoleRig.PASSWORD).status()).isEqualTo(429);
        }
    }

    @Test
    void twenty_parallel_guesses_at_twenty_names_from_one_address_get_at_most_five_refusals_of_the_password()
            throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir)) {
            List<Integer> statuses = parallel(20, i -> rig.login("name" + i, "guess " + i).status());
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(s -> s == 401).count()).isBetween(1L, 5L);
            assertThat(rig.login(ConsoleRig.LEADER, ConsoleRig.PASSWORD).status()).isEqualTo(429);
        }
    }

    /** Runs n calls at once: all threads wait at a latch so the requests really overlap. */
    private static List<Integer> parallel(int n, IntFunction<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(k);
                }));
            }
            go.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get(2, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_session_ends_after_the_session_hours_on_the_console_clock() throws Exception {
        try (ConsoleRig rig = ConsoleRig.start(dir, "--session-hours", "1")) {
            String token = rig.token(ConsoleRig.ADMIN);
            rig.east.clock.advance(Duration.ofMinutes(59));
            assertThat(rig.get("/api/v1/me", token).status()).isEqualTo(200);
            rig.east.clock.advance(Duration.ofMinutes(2));
            ConsoleRig.Resp r = rig.get("/api/v1/me", token);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("detail").asText()).contains("expired");
            // logging out of an expired session still clears the cookie
            ConsoleRig.Resp out = rig.post("/api/v1/logout", "", token);
            assertThat(out.status()).isEqualTo(204);
            assertThat(out.header("Set-Cookie")).startsWith("qms_station=;").contains("Max-Age=0");
        }
    }

    @Test
    void with_https_the_cookie_is_secure_and_a_password_over_plain_http_from_the_network_is_refused() throws Exception {
        Path[] pem = Certificates.selfSigned(dir);
        try (ConsoleRig rig = ConsoleRig.start(dir, "--tls-cert", pem[0].toString(), "--tls-key", pem[1].toString(),
                "--https-port", "0", "--host", "0.0.0.0")) {
            HttpClient tls = HttpClient.newBuilder().sslContext(Certificates.trusting(pem[0]))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String body = "{\"user\":\"chen\",\"password\":\"" + ConsoleRig.PASSWORD + "\"}";
            HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + rig.console.httpsPort() + "/api/v1/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");

            Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
            Assumptions.assumeTrue(lan.isPresent(), "this machine has no network address besides loopback");
            String plain = "http://" + lan.get().getHostAddress() + ":" + rig.console.port();
            HttpResponse<String> refused = tls.send(HttpRequest.newBuilder(URI.create(plain + "/api/v1/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("urn:qms:problem:https-required");
            HttpResponse<String> page = tls.send(HttpRequest.newBuilder(URI.create(plain + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElseThrow()).startsWith("https://")
                    .endsWith(":" + rig.console.httpsPort() + "/login");
        }
    }
}
