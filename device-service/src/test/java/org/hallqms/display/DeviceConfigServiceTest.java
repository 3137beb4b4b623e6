package org.hallqms.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hallqms.Main;
import org.hallqms.support.Http;
import org.hallqms.support.MqttProbe;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service with the sample hall and its display-firmware-config: loading, publishing, reloading. */
class DeviceConfigServiceTest {
    private static final String ROOT = "qms/demo-hall/";
    @TempDir
    Path dir;
    private Path folder;
    private Path catalog;
    private TestHall hall;

    @BeforeEach
    void sampleHall() throws Exception {
        folder = dir.resolve("dfc");
        DeviceConfigCheckTest.copy(DeviceConfigCheckTest.FOLDER, folder);
        catalog = dir.resolve("sample-hall.json");
        try (InputStream in = Main.class.getResourceAsStream("/sample-hall.json")) {
            Files.copy(in, catalog);
        }
    }

    @AfterEach
    void stop() {
        if (hall != null) {
            hall.close();
        }
    }

    private TestHall start() {
        Path hallDir = dir.resolve("hall");
        try {
            Files.createDirectories(hallDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TestHall.start(hallDir, "QMS_CATALOG", catalog.toString(), "QMS_DEVICE_CONFIG_DIR", folder.toString());
    }

    @Test
    void each_device_gets_its_file_as_retained_config_with_what_the_service_knows_filled_in() {
        hall = start();
        try (MqttProbe devices = hall.watcher(ROOT + "devices/+/config")) {
            JsonNode eval = devices.await(ROOT + "devices/eval-2/config", x -> true).json();
            assertThat(eval.path("ratingTimeoutSeconds").asInt()).isEqualTo(120);
            assertThat(eval.path("reasons").get(0).toString()).isEqualTo("{\"code\":\"attitude\",\"name\":\"服务态度差\"}");
            assertThat(eval.path("counterName").asText()).isEqualTo("2号窗口");
            JsonNode board = devices.await(ROOT + "devices/board-main/config", x -> true).json();
            assertThat(board.path("notice").asText()).isEqualTo("请保管好您的号票，过号请重新取号");
            JsonNode caller = devices.await(ROOT + "devices/caller-3/config", x -> true).json();
            assertThat(caller.path("keys").path("F1").asText()).isEqualTo("next");
            assertThat(devices.await(ROOT + "devices/screen-1/config", x -> true).json().has("font")).isFalse();
        }
    }

    @Test
    void screens_and_the_board_receive_rows_rendered_from_their_templates() {
        hall = start();
        try (MqttProbe wall = hall.watcher(ROOT + "counters/+/display", ROOT + "board")) {
            assertThat(wall.await(ROOT + "counters/2/display", d -> d.has("lines")).json().path("lines").toString())
                    .isEqualTo("[\"2号窗口\",\"暂停服务\"]");
            hall.issue("id-card", "k1");
            String token = hall.login("1", "510001");
            hall.act("1", token, "call-next");
            assertThat(wall.await(ROOT + "counters/1/display", d -> d.path("state").asText().equals("calling")).json()
                    .path("lines").toString()).isEqualTo("[\"请A001号\",\"到1号窗口办理\"]");
            JsonNode board = wall.await(ROOT + "board", b -> b.path("recent").size() == 1).json();
            assertThat(board.path("lines").toString()).isEqualTo("[\"叫号信息  请注意听取呼叫\",\"A001  请到 1号窗口\","
                    + "\"请保管好您的号票，过号请重新取号\"]");
        }
    }

    @Test
    void the_service_refuses_to_start_on_a_broken_file_with_the_checks_own_message() throws Exception {
        Path f = folder.resolve("devices/screen-2.yaml");
        Files.writeString(f, Files.readString(f, StandardCharsets.UTF_8).replace("rows: 2", "rows: 12"));
        assertThatThrownBy(this::start).isInstanceOf(DeviceConfigException.class)
                .hasMessageStartingWith("devices/screen-2.yaml: rows: ");
    }

    @Test
    void files_that_only_stop_fitting_the_catalogue_do_not_keep_the_hall_from_starting() throws Exception {
        Path f = folder.resolve("devices/screen-2.yaml");
        Files.writeString(f, Files.readString(f, StandardCharsets.UTF_8).replace("counter: \"2\"", "counter: \"7\""));
        Files.writeString(folder.resolve("fonts/led-16px.txt"), "0123456789");
        // the build check refuses both ...
        assertThatThrownBy(() -> DeviceConfigs.load(folder, DeviceConfigCheckTest.SAMPLE, 120))
                .hasMessageContaining("counter: '7' is not a counter").hasMessageContaining("fonts/led-16px.txt lacks");
        // ... a hall on a Monday morning starts, and says what to fix
        hall = start();
        assertThat(hall.issue("id-card", "monday").status()).isEqualTo(201);
        Http.Resp reload = hall.http().post("/api/v1/devices/reload", "", TestHall.ADMIN);
        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.body().path("warnings").toString()).contains("counter: '7' is not a counter of the catalogue")
                .contains("lacks");
    }

    @Test
    void a_reload_applies_edited_files_without_a_restart_and_a_broken_edit_changes_nothing() throws Exception {
        hall = start();
        Path screen = folder.resolve("devices/screen-2.yaml");
        String good = Files.readString(screen, StandardCharsets.UTF_8);
        try (MqttProbe wall = hall.watcher(ROOT + "counters/2/display", ROOT + "devices/screen-2/config")) {
            wall.await(ROOT + "counters/2/display", d -> d.path("lines").toString().contains("暂停服务"));

            Files.writeString(screen, good.replace("closed: [\"{counter}\", \"暂停服务\"]", "closed: [\"{counter}\", \"请到其他窗口\"]")
                    .replace("day: 80", "day: 60"));
            Http.Resp ok = hall.http().post("/api/v1/devices/reload", "", TestHall.ADMIN);
            assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
            assertThat(ok.body().path("devices").size()).isEqualTo(8);
            wall.await(ROOT + "counters/2/display", d -> d.path("lines").toString().equals("[\"2号窗口\",\"请到其他窗口\"]"));
            wall.await(ROOT + "devices/screen-2/config", c -> c.path("brightness").path("day").asInt() == 60);

            Files.writeString(screen, good.replace("rows: 2", "rows: 12"));
            Http.Resp bad = hall.http().post("/api/v1/devices/reload", "", TestHall.ADMIN);
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.text("type")).isEqualTo("urn:qms:problem:device-config-invalid");
            assertThat(bad.body().path("errors").get(0).asText()).startsWith("devices/screen-2.yaml: rows: ");
            assertThat(hall.http().post("/api/v1/devices/reload", "", null).status()).isEqualTo(401);
        }
        // what the devices hold is still the last good version
        try (MqttProbe later = hall.watcher(ROOT + "devices/screen-2/config")) {
            assertThat(later.await(ROOT + "devices/screen-2/config", c -> true).json().path("rows").asInt()).isEqualTo(2);
        }
    }

    @Test
    void a_catalogue_that_no_longer_fits_the_files_is_applied_and_the_it_person_is_told() throws Exception {
        hall = start();
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.hallqms");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                    org.hallqms.store.Json.MAPPER.readTree(Files.readString(catalog, StandardCharsets.UTF_8));
            doc.withArray("services").addObject().put("code", "exit-entry").put("prefix", "E")
                    .put("meanServiceMinutes", 8).putObject("name").put("zh", "出入境证件").put("en", "Exit-entry");
            Http.Resp r = hall.http().put("/api/v1/catalog", doc.toString(), TestHall.ADMIN);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
        } finally {
            log.detachAppender(seen);
        }
        // screen-1 declares a font without the new prefix E: the build would fail, the hall goes on
        assertThat(seen.list).anyMatch(e -> e.getFormattedMessage().contains("the new catalogue does not fit")
                && e.getFormattedMessage().contains("fonts/led-16px.txt lacks"));
    }
}
