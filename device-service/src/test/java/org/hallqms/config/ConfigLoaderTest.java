package org.hallqms.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void with_nothing_set_the_defaults_of_the_readme_apply() {
        Config c = ConfigLoader.load(Optional.empty(), Map.of());

        assertThat(c.station()).isEqualTo("demo-hall");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(c.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(c.mqttUrl()).isEmpty();
        assertThat(c.adminToken()).isEmpty();
        assertThat(c.priorityRun()).isEqualTo(3);
        assertThat(c.pinMaxFailures()).isEqualTo(5);
    }

    @Test
    void the_environment_overrides_the_file_key_by_key() throws Exception {
        Path f = dir.resolve("qms.env");
        Files.writeString(f, "# the hall's settings\nQMS_STATION=\"east-hall\"\nQMS_HTTP_PORT=9000\n");

        Config c = ConfigLoader.load(Optional.of(f), Map.of("QMS_HTTP_PORT", "9001", "PATH", "/bin"));

        assertThat(c.station()).isEqualTo("east-hall");
        assertThat(c.httpPort()).isEqualTo(9001);
    }

    @Test
    void every_bad_value_is_refused_with_a_message_naming_its_key() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(
                "QMS_STATION", "East Hall",
                "QMS_HTTP_PORT", "80800",
                "QMS_MQTT_URL", "mqtt://broker",
                "QMS_MQTT_PASSWORD", "secret",
                "QMS_ADMIN_TOKEN", "short",
                "QMS_ZONE", "Beijing",
                "QMS_CATALOG", dir.resolve("missing.json").toString(),
                "QMS_PRIORITY_RUN", "0",
                "QMS_PIN_LOCK_MINUTES", "soon")));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "QMS_STATION: 'East Hall' must be 1 to 32 characters of a-z, 0-9 and '-' (it becomes an MQTT topic level)",
                "QMS_HTTP_PORT: '80800' is not a port number from 0 to 65535 (0 = any free port)",
                "QMS_MQTT_URL: 'mqtt://broker' is not a broker address like tcp://127.0.0.1:1883",
                "QMS_MQTT_PASSWORD: set, but QMS_MQTT_USER is not; a broker password needs a user",
                "QMS_ADMIN_TOKEN: must be at least 16 printable ASCII characters without spaces (or unset, to have one generated)",
                "QMS_ZONE: 'Beijing' is not a time zone id like Asia/Shanghai",
                "QMS_CATALOG: file '" + dir.resolve("missing.json") + "' does not exist or cannot be read",
                "QMS_PRIORITY_RUN: '0' is not a whole number from 1 to 100",
                "QMS_PIN_LOCK_MINUTES: 'soon' is not minutes, a whole number from 1 to 1440");
    }

    @Test
    void live_client_limits_default_to_64_and_4_per_address_and_bad_ones_are_refused_by_key() {
        Config.LiveClients d = ConfigLoader.load(Optional.empty(), Map.of()).liveClients();
        assertThat(d.max()).isEqualTo(64);
        assertThat(d.perAddress()).isEqualTo(4);
        assertThat(d.trusted()).isEmpty();
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("QMS_LIVE_TRUSTED", "192.168.1.20, fe80::1"))
                .liveClients().trusted()).containsExactly("192.168.1.20", "fe80::1");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(
                "QMS_LIVE_MAX_CLIENTS", "2",
                "QMS_LIVE_PER_ADDRESS", "0",
                "QMS_LIVE_TRUSTED", "board.local,192.168.1.300")));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "QMS_LIVE_MAX_CLIENTS: '2' is not a whole number from 4 to 1000",
                "QMS_LIVE_PER_ADDRESS: '0' is not a whole number from 1 to 1000",
                "QMS_LIVE_TRUSTED: 'board.local' is not an IP address like 192.168.1.20 (a comma-separated list of the "
                        + "wall boards' addresses)",
                "QMS_LIVE_TRUSTED: '192.168.1.300' is not an IP address like 192.168.1.20 (a comma-separated list of the "
                        + "wall boards' addresses)");
    }

    @Test
    void a_misspelt_key_in_the_file_is_refused_rather_than_ignored() throws Exception {
        Path f = dir.resolve("qms.env");
        Files.writeString(f, "QMS_HTTP_PROT=9000\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(f), Map.of()));

        assertThat(e.problems()).singleElement().asString().startsWith("QMS_HTTP_PROT: unknown key in " + f)
                .endsWith("; did you mean QMS_HTTP_PORT?");
    }

    @Test
    void secrets_never_appear_in_the_configs_text() {
        Config c = ConfigLoader.load(Optional.empty(), Map.of("QMS_ADMIN_TOKEN", "admin-secret-123456789",
                "QMS_MQTT_USER", "hall", "QMS_MQTT_PASSWORD", "broker-secret"));

        assertThat(c.toString()).doesNotContain("admin-secret").doesNotContain("broker-secret");
    }

    @Test
    void printer_and_gpio_keys_are_checked_each_with_its_own_message() {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("QMS_PRINTER", "usb");
        env.put("QMS_PRINTER_PAPER_MM", "76");
        env.put("QMS_COUNTER_PRINTERS", "1=tcp://10.0.0.21:9100,two");
        env.put("QMS_PUBLIC_URL", "10.0.0.5");
        env.put("QMS_GPIO_PLATFORM", "pi");
        env.put("QMS_GPIO_BUTTONS", "id-card:17,household:40");
        env.put("QMS_GPIO_READY_LAMP", "17");
        env.put("QMS_GPIO_EVALUATORS", "1:5/6/13");
        env.put("QMS_GPIO_PRINTER_DOWN", "maybe");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), env));
        org.assertj.core.api.Assertions.assertThat(e.problems()).contains(
                "QMS_PRINTER: 'usb' is not tcp://HOST:PORT (a network printer, usually port 9100) or a device file such as /dev/usb/lp0",
                "QMS_PRINTER_PAPER_MM: '76' is not 58 or 80",
                "QMS_COUNTER_PRINTERS: 'two' is not COUNTER=tcp://HOST:PORT or COUNTER=/dev/usb/lpN",
                "QMS_PUBLIC_URL: '10.0.0.5' is not an address like http://10.0.0.5:8080",
                "QMS_GPIO_PLATFORM: 'pi' is not 'board' (the Pi's pins) or 'mock' (Pi4J's mock platform, to try without hardware)",
                "QMS_GPIO_BUTTONS: 'household:40' is not SERVICE:PIN, e.g. id-card:17,household:27 (BCM pins 0 to 27)",
                "QMS_GPIO_EVALUATORS: '1:5/6/13' is not COUNTER:P5/P4/P3/P2/P1 (five pins for levels 5 down to 1), e.g. 1:5/6/13/19/26",
                "QMS_GPIO_PRINTER_DOWN: 'maybe' is not 'refuse' (no ticket while the printer cannot print) or 'issue'",
                "QMS_GPIO_*: pin 17 is used twice");
    }

    @Test
    void a_setting_that_looks_like_ours_is_named_with_the_closest_key_and_the_scripts_own_are_left_alone() {
        assertThat(Lookalikes.warnings(Map.of("QMS_HTTP_PROT", "8082", "QMS_STATOIN", "x", "QMS_FROBNICATE", "1",
                "QMS_HTTP_PORT", "8080", "QMS_JAVA_OPTS", "-Xmx64m", "QMS_LOG_LEVEL", "DEBUG", "PATH", "/bin")))
                .containsExactly(
                        "QMS_FROBNICATE is not a setting of this service and is ignored (the README lists the settings)",
                        "QMS_HTTP_PROT is not a setting of this service and is ignored; did you mean QMS_HTTP_PORT?",
                        "QMS_STATOIN is not a setting of this service and is ignored; did you mean QMS_STATION?");
    }

    @Test
    void a_config_file_that_is_not_there_is_named_as_missing() {
        Path f = dir.resolve("nope.env");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.of(f), Map.of()));
        assertThat(e.problems()).containsExactly("--config: cannot read '" + f + "': no such file");
    }
}
