package org.hallqms.display;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import org.hallqms.mqtt.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference ESPHome files in display-firmware-config/esphome are what the generator makes now, and they
 * speak the MQTT contract: birth and will on the device's state topic, its display or board topic, its glyphs.
 */
class EspHomeTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"screen-1", "board-main"})
    void the_committed_esphome_file_is_current_and_matches_the_contract(String device) throws Exception {
        String generated = run("esphome", device);
        String committed = Files.readString(DeviceConfigCheckTest.FOLDER.resolve("esphome/" + device + ".yaml"),
                StandardCharsets.UTF_8);
        assertThat(committed).as("regenerate with: java -jar device-service.jar device-config esphome " + device
                + " > display-firmware-config/esphome/" + device + ".yaml").isEqualTo(generated);

        JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(committed);
        String state = Topics.TEMPLATES.get(5).replace("{station}", "demo-hall").replace("{device}", device);
        assertThat(state).endsWith("/devices/" + device + "/state");
        assertThat(y.at("/mqtt/birth_message/topic").asText()).isEqualTo(state);
        assertThat(y.at("/mqtt/will_message/topic").asText()).isEqualTo(state);
        assertThat(new ObjectMapper().readTree(y.at("/mqtt/birth_message/payload").asText()).path("state").asText())
                .isEqualTo("ready");
        assertThat(new ObjectMapper().readTree(y.at("/mqtt/will_message/payload").asText()).path("state").asText())
                .isEqualTo("lost");
        String subscribed = y.at("/mqtt/on_json_message/0/topic").asText();
        Topics topics = new Topics("demo-hall");
        assertThat(subscribed).isEqualTo(device.equals("board-main") ? topics.board() : topics.display("1"));

        Set<String> glyphs = new TreeSet<>();
        y.at("/font/0/glyphs").forEach(g -> glyphs.add(g.asText()));
        Set<String> expected = new TreeSet<>();
        run("glyphs", device).strip().codePoints().forEach(cp -> expected.add(new String(Character.toChars(cp))));
        assertThat(glyphs).isEqualTo(expected).isNotEmpty();
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--dir";
            all[args.length + 1] = DeviceConfigCheckTest.FOLDER.toString();
            assertThat(DeviceConfigTool.main(all)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
