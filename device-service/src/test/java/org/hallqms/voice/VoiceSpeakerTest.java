package org.hallqms.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hallqms.store.Event;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board's own speaker: calls said one after another, none cut off; no device is one warning, no stop. */
class VoiceSpeakerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** An output that says what it plays and holds each sound until the test lets it end. */
    static final class HeldOutput implements Speaker.Output {
        final List<String> log = new CopyOnWriteArrayList<>();
        final Semaphore ends = new Semaphore(0);

        @Override
        public void play(byte[] pcm) throws Exception {
            log.add("start " + pcm.length);
            if (!ends.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            log.add("end " + pcm.length);
        }

        @Override
        public void close() {
            log.add("closed");
        }
    }

    private static Event call(long seq) {
        return new Event(seq, "id-" + seq, "ticket.called", "2026-11-27T10:00:00+08:00", "2026-11-27", "{}", "", "");
    }

    @Test
    void calls_are_said_one_after_another_and_none_is_cut_off() {
        HeldOutput out = new HeldOutput();
        // the sound of call n is n samples long, so the log says which call plays
        try (Speaker s = new Speaker(out, e -> new short[(int) e.seq()])) {
            s.say(call(1));
            s.say(call(2));
            s.say(call(3));
            await().atMost(WAIT).until(() -> out.log.equals(List.of("start 2")));
            out.ends.release();
            await().atMost(WAIT).until(() -> out.log.size() == 3);
            assertThat(out.log).containsExactly("start 2", "end 2", "start 4");
            out.ends.release(2);
            await().atMost(WAIT).until(() -> out.log.size() == 6);
            assertThat(out.log).containsExactly("start 2", "end 2", "start 4", "end 4", "start 6", "end 6");
        }
        assertThat(out.log).endsWith("closed");
    }

    @Test
    void a_queue_longer_than_a_hall_can_follow_drops_the_newest_with_a_warning_and_goes_on() {
        HeldOutput out = new HeldOutput();
        var seen = Logs.capture(Speaker.class);
        try (Speaker s = new Speaker(out, e -> new short[1])) {
            s.say(call(1));
            await().atMost(WAIT).until(() -> out.log.size() == 1);
            for (int i = 2; i <= Speaker.QUEUE + 3; i++) {
                s.say(call(i));
            }
            assertThat(seen.list).filteredOn(e -> e.getFormattedMessage().contains("is not said")).hasSize(2);
            out.ends.release(Speaker.QUEUE + 1);
            await().atMost(WAIT).until(() -> out.log.stream().filter(x -> x.startsWith("end")).count() == Speaker.QUEUE + 1);
        } finally {
            Logs.release(Speaker.class, seen);
        }
    }

    @Test
    void an_output_that_fails_is_one_warning_and_the_next_call_tries_again() {
        List<String> played = new CopyOnWriteArrayList<>();
        var seen = Logs.capture(Speaker.class);
        Speaker.Output flaky = new Speaker.Output() {
            @Override
            public void play(byte[] pcm) {
                played.add("try " + pcm.length);
                if (pcm.length < 6) {
                    throw new IllegalStateException("device unplugged");
                }
            }

            @Override
            public void close() {
            }
        };
        try (Speaker s = new Speaker(flaky, e -> new short[(int) e.seq()])) {
            s.say(call(1));
            s.say(call(2));
            s.say(call(3));
            await().atMost(WAIT).until(() -> played.size() == 3);
        } finally {
            Logs.release(Speaker.class, seen);
        }
        assertThat(seen.list).filteredOn(e -> e.getFormattedMessage().contains("failed (device unplugged)")).hasSize(1);
        assertThat(played).containsExactly("try 2", "try 4", "try 6");
    }

    @Test
    void a_missing_audio_device_is_one_warning_at_start_and_calls_go_on() throws Exception {
        for (String device : List.of("no-such-output-on-any-board", "default")) {
            if (device.equals("default") && javax.sound.sampled.AudioSystem.isLineSupported(
                    new javax.sound.sampled.DataLine.Info(javax.sound.sampled.SourceDataLine.class, Speaker.FORMAT))) {
                continue; // this machine has a sound card: "default" is not missing here
            }
            var seen = Logs.capture(Speaker.class);
            Path d = java.nio.file.Files.createDirectories(dir.resolve(device));
            try (TestHall hall = TestHall.start(d, "QMS_SPEAKER", device)) {
                assertThat(seen.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                        .singleElement().extracting(e -> e.getFormattedMessage()).asString()
                        .startsWith("voice: QMS_SPEAKER=" + device + ": the board's audio output cannot be opened (")
                        .contains("calls go on without the board's own voice");
                hall.issue("id-card", "r1");
                String token = hall.login("1", "510001");
                assertThat(hall.act("1", token, "call-next").status()).isEqualTo(200);
                String id = hall.hall().store().read(c -> {
                    try (var s = c.createStatement();
                         var rs = s.executeQuery("SELECT id FROM events WHERE type = 'ticket.called'")) {
                        return rs.getString(1);
                    }
                });
                HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + hall.hall().httpPort() + "/api/v1/calls/" + id + "/audio.wav")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(seen.list).as("still one warning after a call")
                        .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).hasSize(1);
            } finally {
                Logs.release(Speaker.class, seen);
            }
        }
    }
}
