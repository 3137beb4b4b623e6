package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.hallqms.QmsException;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: {@code /assets/{anything}} kept every miss in memory until the heap ran out. */
class AssetsTest {
    @TempDir
    Path dir;

    @Test
    void thousands_of_distinct_missing_assets_are_404_problems_and_leave_the_cache_at_the_jar_s_files() throws Exception {
        Pages pages = new Pages();
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.get("/assets/{file}", pages::asset);
            c.routes.exception(QmsException.class, Problems::qms);
        }).start("127.0.0.1", 0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port() + "/assets/";
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "qms.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(pages.cached()).isEqualTo(1);
            for (int i = 0; i < 3_000; i++) {
                // names the pattern lets through (so the jar is looked up) and names it does not
                String name = i % 2 == 0 ? "miss-" + i + ".js" : "miss%20" + i + ".exe";
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + name)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(name).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(name)
                        .startsWith("application/problem+json");
                assertThat(r.body()).contains("urn:qms:problem:not-found");
            }
            assertThat(pages.cached()).as("only the one file found is kept").isEqualTo(1);
        } finally {
            app.stop();
        }
    }

    @Test
    void the_running_service_answers_a_missing_asset_with_a_problem_and_still_serves_the_real_ones() {
        try (TestHall hall = TestHall.start(dir)) {
            Http.Resp miss = hall.http().get("/assets/no-such-file.js", null);
            assertThat(miss.status()).isEqualTo(404);
            assertThat(miss.contentType()).startsWith("application/problem+json");
            assertThat(miss.text("type")).isEqualTo("urn:qms:problem:not-found");
            Http.Resp js = hall.http().get("/assets/kiosk.js", null);
            assertThat(js.status()).isEqualTo(200);
            assertThat(js.contentType()).startsWith("text/javascript");
        }
    }
}
