package org.hallqms.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QMS_VOICE, QMS_VOICE_NUMBERS, QMS_SPEAKER and QMS_VOICE_DIR: the README's defaults and exact refusals. */
class VoiceConfigTest {
    @TempDir
    Path dir;

    @Test
    void by_default_boards_play_clips_digits_are_read_one_by_one_and_the_board_is_silent() {
        Config.Voice v = ConfigLoader.load(Optional.empty(), Map.of()).voice();
        assertThat(v.mode()).isEqualTo("clips");
        assertThat(v.numbers()).isEqualTo("digits");
        assertThat(v.ticketAsNumber()).isFalse();
        assertThat(v.speaker()).isEmpty();
        assertThat(v.dir()).isEmpty();
    }

    @Test
    void the_voice_keys_are_read() {
        Config.Voice v = ConfigLoader.load(Optional.empty(), Map.of("QMS_VOICE", "browser", "QMS_VOICE_NUMBERS", "number",
                "QMS_SPEAKER", "default", "QMS_VOICE_DIR", dir.toString())).voice();
        assertThat(v.mode()).isEqualTo("browser");
        assertThat(v.ticketAsNumber()).isTrue();
        assertThat(v.speaker()).hasValue("default");
        assertThat(v.dir()).hasValue(dir);
    }

    @Test
    void bad_voice_values_are_refused_each_with_its_key() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(
                "QMS_VOICE", "tts",
                "QMS_VOICE_NUMBERS", "words",
                "QMS_SPEAKER", "x".repeat(101),
                "QMS_VOICE_DIR", dir.resolve("missing").toString())));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "QMS_VOICE: 'tts' is not 'clips' (boards play the hall's voice clips) or 'browser' (the browser's own speech)",
                "QMS_VOICE_NUMBERS: 'words' is not 'digits' (A012 said A零一二) or 'number' (A十二)",
                "QMS_SPEAKER: must be 'default' or the name of an audio output (at most 100 characters), or unset for a "
                        + "silent board",
                "QMS_VOICE_DIR: '" + dir.resolve("missing") + "' is not a folder that can be read");
    }
}
