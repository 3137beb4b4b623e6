package org.hallqms.display;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hallqms.QmsException;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.cli.Cli;
import org.hallqms.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code device-service.jar device-config check | glyphs DEVICE | esphome DEVICE}: what the IT person and the
 * firmware builder run against display-firmware-config before anything reaches a board.
 */
@Command(name = "device-config", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar device-config COMMAND [options]",
        description = {"COMMAND is one of:",
            "  check [DIR]        check every device file in DIR (schema, catalogue, templates, fonts)",
            "  glyphs DEVICE      the characters DEVICE can be asked to draw, one line",
            "  esphome DEVICE     a reference ESPHome configuration for a window screen or the main board",
            "  secrets            reads the answer of POST /api/v1/devices/ID/secret on stdin and puts the",
            "                     device's broker password into ESPHome's secrets.yaml (--file, mode 0600)",
            "options:"})
public final class DeviceConfigTool implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Parameters(paramLabel = "COMMAND", hidden = true)
    private List<String> positional = new ArrayList<>();
    @Option(names = "--dir", paramLabel = "DIR",
            description = "the display-firmware-config folder (default: display-firmware-config)")
    private Path dir = Path.of("display-firmware-config");
    @Option(names = "--catalog", paramLabel = "FILE", description = "the hall's catalogue JSON (default: the bundled "
            + "sample hall)")
    private Path catalogFile;
    @Option(names = "--station", paramLabel = "ID", description = "the MQTT topic root's station level (default: "
            + "demo-hall)")
    private String station = "demo-hall";
    @Option(names = "--broker", paramLabel = "HOST", description = "the broker the device connects to, for esphome "
            + "(default: a substitution)")
    private String broker;
    @Option(names = "--rating-timeout", paramLabel = "S", description = "the service's QMS_RATING_TIMEOUT_SECONDS "
            + "(default 120)")
    private int timeout = 120;
    @Option(names = "--file", paramLabel = "FILE", description = "the secrets.yaml to write, for secrets (default: "
            + "secrets.yaml)")
    private Path secrets = Path.of("secrets.yaml");

    private DeviceConfigTool() {
    }

    public static int main(String[] args) {
        return Cli.run(new DeviceConfigTool(), args);
    }

    @Override
    public Integer call() {
        Path dir = this.dir;
        Optional<Path> catalog = Optional.ofNullable(catalogFile);
        if (positional.isEmpty()) {
            System.err.print(Cli.usage(this));
            return 2;
        }
        if (positional.get(0).equals("secrets")) {
            return EspHomeSecrets.write(System.in, secrets, System.out, System.err);
        }
        if (positional.get(0).equals("check") && positional.size() == 2) {
            dir = Path.of(positional.get(1));
        } else if (positional.get(0).equals("check") && positional.size() > 2) {
            System.err.print("qms device-config: check takes one folder, not " + (positional.size() - 1) + "\n"
                    + Cli.usage(this));
            return 2;
        }
        if (!java.nio.file.Files.isDirectory(dir.resolve("devices"))) {
            System.err.println("qms device-config: " + dir + " is not a display-firmware-config folder (it has no "
                    + "devices/ folder)");
            return 2;
        }
        Catalog cat;
        try {
            cat = CatalogService.read(catalog);
        } catch (QmsException e) {
            System.err.println("qms device-config: the catalogue is refused: " + e.getMessage());
            if (e.extra().get("errors") instanceof List<?> l) {
                l.forEach(p -> System.err.println("  - " + p));
            }
            return 2;
        }
        DeviceConfigs configs;
        try {
            configs = DeviceConfigs.load(dir, cat, timeout, positional.get(0).equals("check")
                    ? DeviceConfigs.Mode.BUILD : DeviceConfigs.Mode.GLYPHS);
        } catch (DeviceConfigException e) {
            System.err.println("qms device-config: " + e.problems().size() + " problem(s) in " + dir + ":");
            e.problems().forEach(p -> System.err.println("  - " + p));
            return 1;
        }
        String cmd = positional.get(0);
        if (cmd.equals("check")) {
            if (configs.devices().isEmpty()) {
                System.err.println("qms device-config: " + dir + "/devices holds no device files; nothing was checked");
                return 1;
            }
            configs.warnings().forEach(w -> System.err.println("  - " + w));
            System.out.println(configs.devices().size() + " device files in " + dir + " pass"
                    + (configs.warnings().isEmpty() ? "" : ", with " + configs.warnings().size() + " warning(s)"));
            return configs.warnings().isEmpty() ? 0 : 1;
        }
        if (positional.size() < 2 || !(cmd.equals("glyphs") || cmd.equals("esphome"))) {
            System.err.print(Cli.usage(this));
            return 2;
        }
        DeviceConfigs.Device d = configs.devices().get(positional.get(1));
        if (d == null || !(d.kind().equals("window-screen") || d.kind().equals("main-board"))) {
            System.err.println("qms device-config: '" + positional.get(1) + "' is not a window screen or main board in "
                    + dir + "/devices");
            return 2;
        }
        Set<Integer> glyphs = configs.glyphs(d, cat);
        System.out.print(cmd.equals("glyphs") ? text(glyphs) + "\n" : EspHome.config(d, cat, station, broker, glyphs));
        return 0;
    }

    static String text(Set<Integer> glyphs) {
        StringBuilder b = new StringBuilder();
        glyphs.forEach(b::appendCodePoint);
        return b.toString();
    }
}
