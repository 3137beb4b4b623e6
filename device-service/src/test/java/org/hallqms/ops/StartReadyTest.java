package org.hallqms.ops;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.hallqms.support.FreePort;
import org.hallqms.support.Http;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the IT person's health check and a kiosk meet while the service starts: the HTTP port opens while the
 * MQTT link is still connecting, and what arrives meanwhile waits for a hall that is ready.
 */
class StartReadyTest {
    @TempDir
    Path dir;

    @Test
    void the_first_health_answer_of_a_starting_hall_already_says_its_broker_is_connected() throws Exception {
        Http.Resp first = firstAnswerWhileStarting(http -> http.get("/health", null));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("broker").path("connected").asBoolean())
                .as("broker in the first /health: %s", first.raw()).isTrue();
    }

    @Test
    void a_kiosk_pressing_while_the_hall_starts_gets_its_ticket_once_it_is_ready() throws Exception {
        Http.Resp first = firstAnswerWhileStarting(http -> http.post("/api/v1/tickets",
                "{\"service\":\"id-card\",\"requestId\":\"k-start\"}", null));
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.text("number")).isEqualTo("A001");
    }

    /** Starts a hall and sends {@code request} from the moment it begins until one is answered; that answer. */
    private Http.Resp firstAnswerWhileStarting(Function<Http, Http.Resp> request) throws Exception {
        int port = FreePort.find();
        CompletableFuture<TestHall> starting = CompletableFuture.supplyAsync(
                () -> TestHall.start(dir, "QMS_HTTP_PORT", Integer.toString(port)));
        Http http = new Http(port);
        AtomicReference<Http.Resp> first = new AtomicReference<>();
        try {
            // refused until Jetty listens; the first answer is the one a health check or a kiosk would act on
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
                    .until(() -> first.compareAndSet(null, request.apply(http)));
        } finally {
            starting.get(60, SECONDS).close();
        }
        return first.get();
    }
}
