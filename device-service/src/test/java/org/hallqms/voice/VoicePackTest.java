package org.hallqms.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default pack, a hall's own clips over it, and every kind of wrong clip file refused by name. */
class VoicePackTest {
    @TempDir
    Path dir;

    /** A WAV of a tone (or of silence, at amplitude 0) with any header values. */
    static byte[] wav(int format, int channels, int rate, int bits, double seconds, double amplitude) {
        int frames = (int) (rate * seconds);
        int bytesPer = bits / 8 * channels;
        ByteBuffer b = ByteBuffer.allocate(44 + frames * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * bytesPer).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) format).putShort((short) channels)
                .putInt(rate).putInt(rate * bytesPer).putShort((short) bytesPer).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * bytesPer);
        for (int i = 0; i < frames; i++) {
            double v = amplitude * Math.sin(2 * Math.PI * 440 * i / rate);
            for (int c = 0; c < channels; c++) {
                if (bits == 8) {
                    b.put((byte) (128 + v * 127));
                } else {
                    b.putShort((short) (v * 32767));
                }
            }
        }
        return b.array();
    }

    static byte[] tone(double seconds) {
        return wav(1, 1, 16_000, 16, seconds, 0.5);
    }

    @Test
    void the_default_pack_has_every_clip_of_the_design_each_a_word_long_and_audible() {
        VoicePack pack = VoicePack.load(Optional.empty());
        assertThat(VoicePack.NAMES).hasSize(44).contains("qing", "a", "z", "0", "9", "hao", "dao", "chuangkou", "banli",
                "zaici", "shi", "bai");
        for (String n : VoicePack.NAMES) {
            short[] c = pack.clip(n).orElseThrow(() -> new AssertionError("no clip " + n));
            assertThat(Wav.seconds(c.length)).as(n).isBetween(0.1, VoicePack.MAX_SECONDS);
            assertThat(Wav.rms(c, 0, c.length)).as(n + " is levelled").isBetween(0.05, 0.11);
            assertThat(pack.sources().get(n)).isEqualTo("default");
        }
    }

    @Test
    void a_halls_own_clip_replaces_the_default_of_its_name_and_other_files_are_left_alone() throws Exception {
        Files.write(dir.resolve("qing.wav"), tone(0.6));
        Files.writeString(dir.resolve("README.txt"), "our recordings");
        Files.write(dir.resolve("hello.wav"), tone(0.5));
        VoicePack pack = VoicePack.load(Optional.of(dir));
        assertThat(pack.sources().get("qing")).isEqualTo(dir.resolve("qing.wav").toString());
        assertThat(pack.sources().get("hao")).isEqualTo("default");
        assertThat(pack.clip("qing").orElseThrow()).hasSize(9_600);
        assertThat(pack.clip("hello")).isEmpty();
    }

    @Test
    void wrong_clip_files_are_refused_at_start_each_named_with_what_is_wrong() throws Exception {
        Files.writeString(dir.resolve("a.wav"), "this is not audio");
        Files.write(dir.resolve("b.wav"), wav(1, 1, 44_100, 16, 0.5, 0.5));
        Files.write(dir.resolve("c.wav"), wav(1, 2, 16_000, 16, 0.5, 0.5));
        Files.write(dir.resolve("d.wav"), wav(1, 1, 16_000, 8, 0.5, 0.5));
        Files.write(dir.resolve("e.wav"), wav(3, 1, 16_000, 32, 0.5, 0.5));
        Files.write(dir.resolve("f.wav"), tone(6));
        Files.write(dir.resolve("g.wav"), wav(1, 1, 16_000, 16, 0.5, 0));
        Files.write(dir.resolve("h.wav"), new byte[0]);
        Files.write(dir.resolve("qing.wav"), tone(0.5));
        String sox = "sox IN.wav -r 16000 -c 1 -b 16 OUT.wav";

        VoicePack.Refused e = catchThrowableOfType(VoicePack.Refused.class, () -> VoicePack.load(Optional.of(dir)));

        assertThat(e.problems()).containsExactly(
                "QMS_VOICE_DIR: " + dir.resolve("a.wav") + ": not a WAV file (no RIFF/WAVE header)",
                "QMS_VOICE_DIR: " + dir.resolve("b.wav") + ": 44100 Hz; a clip must be 16000 Hz: " + sox,
                "QMS_VOICE_DIR: " + dir.resolve("c.wav") + ": 2 channels; a clip must be mono: " + sox,
                "QMS_VOICE_DIR: " + dir.resolve("d.wav") + ": 8-bit samples; a clip must be 16-bit: " + sox,
                "QMS_VOICE_DIR: " + dir.resolve("e.wav") + ": not PCM (WAV format code 3); save it as PCM 16-bit, "
                        + "16000 Hz, mono: " + sox,
                "QMS_VOICE_DIR: " + dir.resolve("f.wav") + ": 6.0 s long; a clip is one word of at most 4.0 s (trim it: "
                        + "sox IN.wav OUT.wav silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse)",
                "QMS_VOICE_DIR: " + dir.resolve("g.wav") + ": silent (its loudest sample is below -40 dBFS); record it again",
                "QMS_VOICE_DIR: " + dir.resolve("h.wav") + ": not a WAV file (no RIFF/WAVE header)");
    }

    @Test
    void the_service_does_not_start_with_a_wrong_clip() throws Exception {
        Files.write(dir.resolve("hao.wav"), wav(1, 1, 22_050, 16, 0.5, 0.5));
        Path hallDir = Files.createDirectories(dir.resolve("hall"));

        VoicePack.Refused e = catchThrowableOfType(VoicePack.Refused.class,
                () -> TestHall.start(hallDir, "QMS_VOICE_DIR", dir.toString()).close());

        assertThat(e.problems()).singleElement().asString()
                .isEqualTo("QMS_VOICE_DIR: " + dir.resolve("hao.wav") + ": 22050 Hz; a clip must be 16000 Hz: "
                        + "sox IN.wav -r 16000 -c 1 -b 16 OUT.wav");
    }
}
