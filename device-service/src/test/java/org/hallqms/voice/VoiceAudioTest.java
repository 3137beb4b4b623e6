package org.hallqms.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hallqms.store.Json;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call's sentence as one WAV: the clips of the pack, in order, each audible, with silent gaps between. */
class VoiceAudioTest {
    static final String ROOT = "qms/demo-hall/";
    private final HttpClient client = HttpClient.newHttpClient();
    private String token;

    @TempDir
    Path dir;

    private HttpResponse<byte[]> get(TestHall hall, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hall.hall().httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Issues A001..A012 and calls A012 at window 3; the calls message it brought. */
    private JsonNode callA012(TestHall hall, MqttProbe wall) {
        for (int i = 1; i <= 12; i++) {
            hall.issue("id-card", "r" + i);
        }
        token = hall.login("3", "510003");
        assertThat(hall.act("3", token, "call", "{\"ticket\":\"A012\"}").status()).isEqualTo(200);
        return wall.await(ROOT + "calls", c -> c.path("ticket").asText().equals("A012")).json();
    }

    /** Asserts the WAV is exactly these clips of the pack, levelled, with silence around and between them. */
    static void assertClips(short[] wav, VoicePack pack, List<String> names) {
        int expected = CallAudio.LEAD + CallAudio.TAIL + (names.size() - 1) * CallAudio.GAP
                + names.stream().mapToInt(n -> pack.clip(n).orElseThrow().length).sum();
        assertThat(wav.length).as("samples: the clips and gaps, nothing else").isEqualTo(expected);
        assertThat(Wav.rms(wav, 0, CallAudio.LEAD)).as("lead-in").isZero();
        int at = CallAudio.LEAD;
        for (int i = 0; i < names.size(); i++) {
            short[] clip = pack.clip(names.get(i)).orElseThrow();
            short[] segment = Arrays.copyOfRange(wav, at, at + clip.length);
            assertThat(segment).as("segment %d is clip %s", i, names.get(i)).isEqualTo(clip);
            assertThat(Wav.rms(segment, 0, segment.length)).as("segment %d (%s) is not silent", i, names.get(i))
                    .isGreaterThan(0.03);
            at += clip.length;
            if (i < names.size() - 1) {
                assertThat(Wav.rms(wav, at, CallAudio.GAP)).as("gap after %s", names.get(i)).isZero();
                at += CallAudio.GAP;
            }
        }
        assertThat(Wav.rms(wav, at, CallAudio.TAIL)).as("tail").isZero();
    }

    @Test
    void the_wav_of_qing_A012_hao_dao_3_hao_chuangkou_banli_is_those_clips_in_order_each_audible() throws Exception {
        try (TestHall hall = TestHall.start(dir);
             MqttProbe wall = new MqttProbe(hall.mqttUrl(), ROOT + "calls")) {
            JsonNode call = callA012(hall, wall);
            assertThat(call.path("speech").asText()).isEqualTo("请A012号到3号窗口办理");
            String audio = call.path("audio").asText();
            assertThat(audio).isEqualTo("/api/v1/calls/" + call.path("id").asText() + "/audio.wav");

            HttpResponse<byte[]> r = get(hall, audio);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
            short[] wav = Wav.read(r.body());
            List<String> names = List.of("qing", "a", "0", "1", "2", "hao", "dao", "3", "hao", "chuangkou", "banli");
            assertClips(wav, VoicePack.load(Optional.empty()), names);
            assertThat(Wav.seconds(wav.length)).as("the whole sentence, in seconds").isBetween(3.0, 9.0);
            // asked again (every board of the hall asks): the same bytes, from the cache
            assertThat(get(hall, audio).body()).isEqualTo(r.body());
        }
    }

    @Test
    void a_halls_own_recording_in_QMS_VOICE_DIR_is_what_the_call_says() throws Exception {
        Path voice = java.nio.file.Files.createDirectories(dir.resolve("voice"));
        byte[] tone = VoicePackTest.tone(0.6);
        java.nio.file.Files.write(voice.resolve("qing.wav"), tone);
        try (TestHall hall = TestHall.start(java.nio.file.Files.createDirectories(dir.resolve("hall")),
                "QMS_VOICE_DIR", voice.toString());
             MqttProbe wall = new MqttProbe(hall.mqttUrl(), ROOT + "calls")) {
            JsonNode call = callA012(hall, wall);
            VoicePack pack = VoicePack.load(Optional.of(voice));
            assertThat(pack.clip("qing").orElseThrow()).isEqualTo(VoicePack.level(Wav.read(tone)));
            assertClips(Wav.read(get(hall, call.path("audio").asText()).body()), pack,
                    List.of("qing", "a", "0", "1", "2", "hao", "dao", "3", "hao", "chuangkou", "banli"));
        }
    }

    @Test
    void a_recall_starts_with_zaici_and_number_reading_says_A_shi_er() throws Exception {
        try (TestHall hall = TestHall.start(dir, "QMS_VOICE_NUMBERS", "number");
             MqttProbe wall = new MqttProbe(hall.mqttUrl(), ROOT + "calls")) {
            JsonNode call = callA012(hall, wall);
            VoicePack pack = VoicePack.load(Optional.empty());
            assertClips(Wav.read(get(hall, call.path("audio").asText()).body()), pack,
                    List.of("qing", "a", "shi", "2", "hao", "dao", "3", "hao", "chuangkou", "banli"));
            assertThat(hall.act("3", token, "recall").status()).isEqualTo(200);
            JsonNode recall = wall.await(ROOT + "calls", c -> c.path("recall").asInt() == 1).json();
            assertClips(Wav.read(get(hall, recall.path("audio").asText()).body()), pack,
                    List.of("zaici", "qing", "a", "shi", "2", "hao", "dao", "3", "hao", "chuangkou", "banli"));
        }
    }

    @Test
    void numbers_are_read_as_people_say_them() {
        assertThat(Sentence.number(0)).containsExactly("0");
        assertThat(Sentence.number(7)).containsExactly("7");
        assertThat(Sentence.number(10)).containsExactly("shi");
        assertThat(Sentence.number(12)).containsExactly("shi", "2");
        assertThat(Sentence.number(20)).containsExactly("2", "shi");
        assertThat(Sentence.number(100)).containsExactly("1", "bai");
        assertThat(Sentence.number(105)).containsExactly("1", "bai", "0", "5");
        assertThat(Sentence.number(110)).containsExactly("1", "bai", "1", "shi");
        assertThat(Sentence.number(999)).containsExactly("9", "bai", "9", "shi", "9");
        assertThat(Sentence.of("B007", "12", 0, false))
                .containsExactly("qing", "b", "0", "0", "7", "hao", "dao", "shi", "2", "hao", "chuangkou", "banli");
        assertThat(Sentence.of("B007", "vip-1", 2, true))
                .containsExactly("zaici", "qing", "b", "7", "hao", "dao", "v", "i", "p", "-", "1", "hao", "chuangkou", "banli");
    }

    @Test
    void unknown_call_ids_and_paths_out_of_the_voice_folder_get_404_problems_never_a_file() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            hall.issue("id-card", "r1");
            String issued = hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT id FROM events WHERE type = 'ticket.issued'")) {
                    return rs.getString(1);
                }
            });
            for (String id : List.of("00000000-0000-4000-8000-000000000000", issued, "A001", "qing", "not-a-call")) {
                HttpResponse<byte[]> r = get(hall, "/api/v1/calls/" + id + "/audio.wav");
                assertThat(r.statusCode()).as(id).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(id).startsWith("application/problem+json");
                JsonNode p = Json.MAPPER.readTree(r.body());
                assertThat(p.path("type").asText()).as(id).isEqualTo("urn:qms:problem:unknown-call");
            }
            for (String path : List.of("/api/v1/calls/..%2f..%2fvoice%2fqing/audio.wav",
                    "/api/v1/calls/..%2F..%2F..%2Fpom.xml/audio.wav", "/api/v1/calls/%2e%2e%2f%2e%2e%2fetc%2fpasswd/audio.wav",
                    "/api/v1/calls/../../voice/qing.wav", "/api/v1/calls/..%5c..%5cqing/audio.wav",
                    "/api/v1/calls/%00/audio.wav", "/voice/qing.wav", "/assets/..%2fvoice%2fqing.wav")) {
                HttpResponse<byte[]> r = get(hall, path);
                assertThat(r.statusCode()).as(path).isIn(400, 404);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).doesNotContain("audio");
                assertThat(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).as(path)
                        .doesNotContain("RIFF", "root:", "<project");
            }
        }
    }

    @Test
    void a_clip_the_pack_lacks_is_skipped_and_logged_once() {
        VoicePack full = VoicePack.load(Optional.empty());
        Map<String, short[]> clips = new java.util.HashMap<>();
        VoicePack.NAMES.stream().filter(n -> !n.equals("3")).forEach(n -> clips.put(n, full.clip(n).orElseThrow()));
        VoicePack lacking = new VoicePack(clips, Map.of());
        CallAudio audio = new CallAudio(null, lacking, false);
        var seen = Logs.capture(CallAudio.class);
        List<String> sentence = Sentence.of("A012", "3", 0, false);
        short[] first = audio.join(sentence);
        short[] again = audio.join(sentence);
        List<String> without = new ArrayList<>(sentence);
        without.remove("3");
        assertClips(first, lacking, without);
        assertThat(again).isEqualTo(first);
        assertThat(seen.list).filteredOn(e -> e.getFormattedMessage().contains("no clip '3'")).hasSize(1);
        Logs.release(CallAudio.class, seen);
    }

    @Test
    void the_cache_of_sentences_is_bounded() {
        CallAudio audio = new CallAudio(null, VoicePack.load(Optional.empty()), false);
        for (int i = 1; i <= 200; i++) {
            audio.wav(Sentence.of(String.format("A%03d", i), "1", 0, false));
        }
        assertThat(audio.cachedSentences()).isBetween(1, 60);
    }
}
