package org.hallqms.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hallqms.Main;
import org.hallqms.support.Mosquitto;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A morning in the sample hall with every device simulated: citizens take tickets, window 3 works from its
 * keypad, windows 1 and 2 from the console, every evaluator answers, and the screens show what the hall did.
 */
class SimulatedMorningTest {
    @TempDir
    Path dir;
    private TestHall hall;
    private Mosquitto mosquitto;
    private HallSimulator sim;
    private final List<String> said = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        if (hall != null) {
            hall.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @ParameterizedTest(name = "{0} broker")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void tickets_called_from_keypads_and_consoles_are_all_rated_and_the_screens_show_the_truth(String broker)
            throws Exception {
        Path folder = Path.of("..", "display-firmware-config");
        Path catalog = dir.resolve("sample-hall.json");
        try (InputStream in = Main.class.getResourceAsStream("/sample-hall.json")) {
            Files.copy(in, catalog);
        }
        Path data = Files.createDirectories(dir.resolve("hall"));
        if (broker.equals("mosquitto")) {
            mosquitto = new Mosquitto(dir.resolve("mosquitto"));
            hall = TestHall.start(data, "QMS_CATALOG", catalog.toString(), "QMS_DEVICE_CONFIG_DIR", folder.toString(),
                    "QMS_MQTT_URL", mosquitto.url());
        } else {
            hall = TestHall.start(data, "QMS_CATALOG", catalog.toString(), "QMS_DEVICE_CONFIG_DIR", folder.toString());
        }
        // half praise, half 差评 with a reason, so both kinds of rating go through
        // every device as itself with its own secret; the simulator learns the hall as the service's identity
        Map<String, String> secrets = new java.util.HashMap<>();
        hall.hall().catalog().current().devices().forEach(d -> secrets.put(d.id(), hall.secret(d.id())));
        sim = new HallSimulator(hall.mqttUrl(), "demo-hall", "qms-service", hall.serviceSecret(), secrets,
                Map.of(5, 1, 1, 1), 30, 42, said::add)
                .start(8, 20_000);
        assertThat(sim.devices()).hasSize(8);
        await().atMost(Duration.ofSeconds(60)).until(() -> hall.http().get("/api/v1/devices", TestHall.ADMIN).body()
                .path("devices").findValuesAsText("state").stream().filter("ready"::equals).count() == 8);

        String t1 = hall.login("1", "510001");
        String t2 = hall.login("2", "510002");
        hall.login("3", "510003"); // window 3 then works from caller-3 only
        String[] services = {"id-card", "certificate", "household", "id-card", "green", "certificate"};
        for (int i = 0; i < 18; i++) {
            assertThat(hall.issue(services[i % services.length], "m" + i).status()).isEqualTo(201);
        }

        int served = 0;
        boolean more = true;
        while (more) {
            more = false;
            JsonNode ack = sim.press("caller-3", "next");
            if (ack.path("ok").asBoolean()) {
                assertThat(sim.press("caller-3", "start").path("ok").asBoolean()).isTrue();
                assertThat(sim.press("caller-3", "finish").path("ok").asBoolean()).isTrue();
                served++;
                more = true;
                ratedSoFar(served);
            } else {
                assertThat(ack.path("error").asText()).isEqualTo("queue_empty");
            }
            for (String[] w : new String[][] {{"1", t1}, {"2", t2}}) {
                if (hall.act(w[0], w[1], "call-next").status() == 200) {
                    hall.act(w[0], w[1], "start");
                    hall.act(w[0], w[1], "finish", "{\"outcome\":\"done\"}");
                    served++;
                    more = true;
                    ratedSoFar(served);
                }
            }
        }
        assertThat(served).isEqualTo(18);
        // every served citizen rated, once, bound to the officer of the window
        await().atMost(Duration.ofSeconds(60)).until(() -> stats().path("ratings").path("rated").asInt() == 18);
        JsonNode ratings = stats().path("ratings");
        assertThat(ratings.path("levels").path("5").asInt() + ratings.path("levels").path("1").asInt()).isEqualTo(18);
        assertThat(ratings.path("levels").path("1").asInt()).isPositive();
        int byOfficers = 0;
        for (String o : List.of("510001", "510002", "510003")) {
            int n = ratings.path("byOfficer").path(o).path("rated").asInt();
            assertThat(n).as("ratings of %s", o).isPositive();
            byOfficers += n;
        }
        assertThat(byOfficers).isEqualTo(18);
        assertThat(sim.ratingsSent()).isEqualTo(18);
        assertThat(stats().path("total").path("done").asInt()).isEqualTo(18);

        // the screens show the truth: idle windows, then a call from the keypad on screen 3 and the board
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.shows("screen-3").equals(List.of("3号窗口", "欢迎您")));
        assertThat(sim.shows("screen-1")).containsExactly("1号窗口", "欢迎您");
        JsonNode next = hall.issue("certificate", "late").body();
        assertThat(sim.press("caller-3", "next").path("ok").asBoolean()).isTrue();
        String number = next.path("number").asText();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                sim.shows("screen-3").equals(List.of("请" + number + "号", "到3号窗口办理")));
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.shows("board-main").size() > 1
                && sim.shows("board-main").get(1).equals(number + "  请到 3号窗口"));
        assertThat(said).anyMatch(l -> l.startsWith("eval-3") && l.contains("rated 1 [\""));
    }

    /**
     * A citizen rates before the officer finishes the next one (a finish closes the window's open session as
     * not rated), as at a real window where serving takes minutes.
     */
    private void ratedSoFar(int served) {
        await().atMost(Duration.ofSeconds(60)).until(() -> stats().path("ratings").path("rated").asInt() == served);
    }

    private JsonNode stats() {
        return hall.http().get("/api/v1/stats", TestHall.ADMIN).body();
    }
}
