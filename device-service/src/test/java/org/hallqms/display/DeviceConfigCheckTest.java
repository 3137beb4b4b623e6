package org.hallqms.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's check of display-firmware-config against the sample hall: the real folder passes, and each kind
 * of mistake an IT person makes in a copy of it is refused with the file, the field and what is wrong.
 */
class DeviceConfigCheckTest {
    static final Path FOLDER = Path.of("..", "display-firmware-config");
    static final Catalog SAMPLE = CatalogService.read(Optional.empty());
    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void copyOfTheFolder() throws IOException {
        dir = tmp.resolve("display-firmware-config");
        copy(FOLDER, dir);
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String s = Files.readString(p, StandardCharsets.UTF_8);
        assertThat(s).contains(from);
        Files.writeString(p, s.replace(from, to), StandardCharsets.UTF_8);
    }

    private String problems() {
        try {
            DeviceConfigs.load(dir, SAMPLE, 120);
        } catch (DeviceConfigException e) {
            return String.join("\n", e.problems());
        }
        throw new AssertionError("the folder passed");
    }

    @Test
    void the_sample_halls_folder_passes_with_every_counter_covered() {
        DeviceConfigs c = DeviceConfigs.load(FOLDER, SAMPLE, 120);
        assertThat(c.devices().keySet()).containsExactlyInAnyOrder("board-main", "caller-3", "eval-1", "eval-2",
                "eval-3", "screen-1", "screen-2", "screen-3");
        assertThat(c.warnings()).isEmpty();
        assertThat(DeviceConfigTool.main(new String[] {"check", "--dir", FOLDER.toString()})).isZero();
    }

    @Test
    void a_value_outside_the_schema_names_the_file_and_the_field() throws IOException {
        edit("devices/screen-2.yaml", "rows: 2", "rows: 9");
        assertThat(problems()).contains("devices/screen-2.yaml: rows: ").contains("4");
    }

    @Test
    void a_misspelt_field_a_missing_one_and_an_unknown_kind_are_refused() throws IOException {
        edit("devices/screen-2.yaml", "brightness:", "brightnes:");
        edit("devices/eval-2.yaml", "counter: \"2\"\n", "");
        edit("devices/caller-3.yaml", "kind: caller", "kind: pager");
        String p = problems();
        assertThat(p).contains("devices/screen-2.yaml: brightnes: is not a field of this kind of device (misspelt?)");
        assertThat(p).contains("devices/eval-2.yaml: counter: is required");
        assertThat(p).contains("devices/caller-3.yaml: kind: 'pager' is unknown; one of window-screen, main-board, "
                + "evaluator, caller");
    }

    @Test
    void ids_are_unique_because_each_file_is_named_after_its_id() throws IOException {
        Files.copy(dir.resolve("devices/screen-1.yaml"), dir.resolve("devices/screen-9.yaml"));
        assertThat(problems()).isEqualTo("devices/screen-9.yaml: id: 'screen-1' differs from the file name; name the "
                + "file screen-1.yaml");
    }

    @Test
    void a_binding_must_name_a_counter_and_a_device_of_the_catalogue() throws IOException {
        edit("devices/screen-2.yaml", "counter: \"2\"", "counter: \"9\"");
        edit("devices/eval-3.yaml", "id: eval-3", "id: eval-4");
        Files.move(dir.resolve("devices/eval-3.yaml"), dir.resolve("devices/eval-4.yaml"));
        String p = problems();
        assertThat(p).contains("devices/screen-2.yaml: counter: '9' is not a counter of the catalogue (counters: 1, 2, 3)");
        assertThat(p).contains("devices/eval-4.yaml: id: 'eval-4' is not among the catalogue's devices; add "
                + "{\"id\": \"eval-4\", \"kind\": \"evaluator\", \"counter\": \"3\"} there");
    }

    @Test
    void a_counter_without_a_screen_or_an_evaluator_fails_the_check() throws IOException {
        Files.delete(dir.resolve("devices/screen-2.yaml"));
        Files.delete(dir.resolve("devices/eval-3.yaml"));
        assertThat(DeviceConfigs.load(dir, SAMPLE, 120).warnings()).containsExactly(
                "counter 2 (2号窗口) has no window-screen file", "counter 3 (3号窗口) has no evaluator file");
        assertThat(DeviceConfigTool.main(new String[] {"check", "--dir", dir.toString()})).isEqualTo(1);
    }

    @Test
    void a_template_too_wide_for_some_service_or_counter_is_refused_with_what_it_renders() throws IOException {
        edit("devices/screen-3.yaml", "idle: [\"{counter}\", \"欢迎您\"]", "idle: [\"{service}\", \"欢迎您\"]");
        edit("devices/screen-2.yaml", "serving: [\"{ticket}\", \"正在办理\"]", "serving: [\"{ticket}\", \"{officer}\"]");
        edit("devices/screen-1.yaml", "paused: [\"{counter}\", \"暂停服务\"]", "paused: [\"{counter}\", \"暂停\", \"服务\"]");
        String p = problems();
        assertThat(p).contains("devices/screen-3.yaml: templates.idle[0]: renders as '绿色通道（老年人、残疾人、孕妇）', 16 "
                + "characters wide; a row holds 8");
        assertThat(p).contains("devices/screen-2.yaml: templates.serving[1]: unknown placeholder {officer}; use {ticket}, "
                + "{counter} or {service}");
        assertThat(p).contains("devices/screen-1.yaml: templates.paused: 3 rows, but the device has 2");
    }

    @Test
    void the_board_must_have_rows_for_its_header_its_calls_and_the_notice() throws IOException {
        edit("devices/board-main.yaml", "recentCalls: 6", "recentCalls: 7");
        assertThat(problems()).isEqualTo("devices/board-main.yaml: recentCalls: 1 header rows + 7 calls + the notice row "
                + "need 9 rows; the board has 8");
    }

    @Test
    void a_font_that_lacks_a_character_the_screen_can_show_fails_the_build() throws IOException {
        edit("fonts/led-16px.txt", "窗", "");
        assertThat(problems()).isEqualTo("devices/screen-1.yaml: font.file: fonts/led-16px.txt lacks 1 character this "
                + "device can show: 窗 (regenerate the font from `device-config glyphs screen-1`)");
    }

    @Test
    void a_bdf_font_is_read_by_its_encodings() throws IOException {
        StringBuilder bdf = new StringBuilder("STARTFONT 2.1\nFONT led16\nCHARS 0\n");
        "0123456789ABCG停到办务口号在您暂服欢正理窗请".codePoints().forEach(cp ->
                bdf.append("STARTCHAR u").append(cp).append("\nENCODING ").append(cp).append("\nENDCHAR\n"));
        Files.writeString(dir.resolve("fonts/led-16px.bdf"), bdf.append("ENDFONT\n"));
        edit("devices/screen-1.yaml", "file: fonts/led-16px.txt", "file: fonts/led-16px.bdf");
        assertThat(problems()).isEqualTo("devices/screen-1.yaml: font.file: fonts/led-16px.bdf lacks 1 character this "
                + "device can show: 迎 (regenerate the font from `device-config glyphs screen-1`)");
    }

    @Test
    void evaluator_reasons_and_timeout_must_agree_with_the_catalogue_and_the_service() throws IOException {
        edit("devices/eval-1.yaml", "reasons: [attitude, slow", "reasons: [rude, slow");
        edit("devices/eval-2.yaml", "language: zh-CN", "language: zh-CN\nratingTimeoutSeconds: 90");
        String p = problems();
        assertThat(p).contains("devices/eval-1.yaml: reasons[0]: 'rude' is not a rating reason of the catalogue "
                + "(attitude, slow, unclear, repeat-visit, environment)");
        assertThat(p).contains("devices/eval-2.yaml: ratingTimeoutSeconds: 90 differs from the service's "
                + "QMS_RATING_TIMEOUT_SECONDS 120; leave it out or make them equal");
    }

    @Test
    void a_file_that_is_not_yaml_is_named() throws IOException {
        Files.writeString(dir.resolve("devices/screen-2.yaml"), "id: screen-2\nkind: [window-screen\n");
        assertThat(problems()).startsWith("devices/screen-2.yaml: (file): not valid YAML: ");
    }

    @Test
    void the_glyphs_of_a_screen_are_exactly_what_its_templates_can_produce() {
        DeviceConfigs c = DeviceConfigs.load(FOLDER, SAMPLE, 120);
        String glyphs = DeviceConfigTool.text(c.glyphs(c.devices().get("screen-1"), SAMPLE));
        // prefixes of every service (a transferred ticket keeps its number), digits, window 1's name, the templates
        assertThat(glyphs).isEqualTo("0123456789ABCG停到办务口号在您暂服欢正理窗请迎");
    }

    @Test
    void check_takes_the_folder_it_is_given_and_refuses_a_missing_or_empty_one() throws IOException {
        assertThat(DeviceConfigTool.main(new String[] {"check", FOLDER.toString()})).isZero();
        edit("devices/screen-2.yaml", "rows: 2", "rows: 9");
        assertThat(DeviceConfigTool.main(new String[] {"check", dir.toString()})).as("a broken copy").isEqualTo(1);
        assertThat(DeviceConfigTool.main(new String[] {"check", dir.resolve("nonexistent").toString()})).isEqualTo(2);
        assertThat(DeviceConfigTool.main(new String[] {"check", "--dir", dir.resolve("nonexistent").toString()}))
                .isEqualTo(2);
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("devices"));
        assertThat(DeviceConfigTool.main(new String[] {"check", empty.toString()})).as("no device files").isEqualTo(1);
    }
}
