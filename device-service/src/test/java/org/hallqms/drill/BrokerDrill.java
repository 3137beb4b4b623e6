package org.hallqms.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hallqms.support.Mosquitto;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mosquitto killed (-9) while three windows call and a kiosk issues, then started again: the hall keeps working
 * meanwhile, and every call made while the broker was down or after reaches the main board once, in order.
 */
class BrokerDrill {
    private static final String ROOT = "qms/demo-hall/";

    @TempDir
    Path dir;

    private static long calls(TestHall hall, long afterSeq) {
        return hall.hall().store().read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM events WHERE seq > ? AND type IN "
                    + "('ticket.called','ticket.recalled')")) {
                ps.setLong(1, afterSeq);
                try (var rs = ps.executeQuery()) {
                    return rs.getLong(1);
                }
            }
        });
    }

    private static List<Long> callSeqs(TestHall hall, long afterSeq) {
        return hall.hall().store().read(c -> {
            List<Long> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT seq FROM events WHERE seq > ? AND type IN "
                    + "('ticket.called','ticket.recalled') ORDER BY seq")) {
                ps.setLong(1, afterSeq);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
    }

    @Test
    void mosquitto_killed_and_restarted_under_load_loses_and_repeats_no_call_made_meanwhile() throws Exception {
        int rounds = Drills.rounds(1, 3);
        try (Mosquitto mosquitto = new Mosquitto(dir.resolve("mosquitto"));
             TestHall hall = TestHall.start(dir, "QMS_MQTT_URL", mosquitto.url())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> hall.http().get("/health", null).body().path("broker")
                    .path("connected").asBoolean());
            try (MqttProbe board = new MqttProbe(mosquitto.url(), "drill-board", false, ROOT + "calls")) {
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> load = new ArrayList<>();
                load.add(new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        hall.issue(i % 2 == 0 ? "id-card" : "certificate", "k-" + i);
                    }
                }));
                for (String counter : List.of("1", "2", "3")) {
                    String token = hall.login(counter, counter.equals("1") ? "510001" : counter.equals("2") ? "510002" : "510003");
                    load.add(new Thread(() -> {
                        while (!stop.get()) {
                            if (hall.act(counter, token, "call-next").status() == 200) {
                                hall.act(counter, token, "finish", "{\"outcome\":\"done\"}");
                            }
                        }
                    }));
                }
                load.forEach(Thread::start);
                long killedAtTotal = 0;
                long firstKillSeq = -1;
                long madeWhileDown = 0;
                for (int r = 0; r < rounds; r++) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> board.on(ROOT + "calls").size() >= 20);
                    long killSeq = hall.head().seq();
                    firstKillSeq = firstKillSeq < 0 ? killSeq : firstKillSeq;
                    mosquitto.kill();
                    long before = calls(hall, killSeq);
                    await().atMost(Duration.ofSeconds(60)).until(() -> calls(hall, killSeq) >= before + 30);
                    long down = calls(hall, killSeq);
                    madeWhileDown += down;
                    mosquitto.start();
                    await().atMost(Duration.ofSeconds(60)).until(() -> calls(hall, killSeq) >= down + 20);
                    killedAtTotal++;
                }
                stop.set(true);
                for (Thread t : load) {
                    t.join(30_000);
                }
                long from = firstKillSeq;
                List<Long> expected = callSeqs(hall, from);
                await().atMost(Duration.ofSeconds(60)).until(() -> board.on(ROOT + "calls").stream()
                        .map(m -> m.json().path("seq").asLong()).filter(s -> s > from).distinct().count() == expected.size());
                List<Long> received = board.on(ROOT + "calls").stream().map(m -> m.json().path("seq").asLong())
                        .filter(s -> s > from).toList();
                Set<Long> distinct = new LinkedHashSet<>(received);
                assertThat(new ArrayList<>(distinct)).as("every call from the first kill on, in order").isEqualTo(expected);
                assertThat(received).as("each once").hasSameSizeAs(distinct);
                Drills.passed("Mosquitto kill -9 under load x" + killedAtTotal, expected.size() + " calls from the first kill on"
                        + " (" + madeWhileDown + " made while it was down) reached the board once each, in order; the hall"
                        + " issued and called throughout");
            }
        }
    }
}
