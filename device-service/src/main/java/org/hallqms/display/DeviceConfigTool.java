package org.hallqms.display;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hallqms.QmsException;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;

/**
 * {@code device-service.jar device-config check | glyphs DEVICE | esphome DEVICE}: what the IT person and the
 * firmware builder run against display-firmware-config before anything reaches a board.
 */
public final class DeviceConfigTool {
    static final String USAGE = """
            usage: java -jar device-service.jar device-config COMMAND [options]
              check [DIR]        check every device file in DIR (schema, catalogue, templates, fonts)
              glyphs DEVICE      the characters DEVICE can be asked to draw, one line
              esphome DEVICE     a reference ESPHome configuration for a window screen or the main board
              secrets            reads the answer of POST /api/v1/devices/ID/secret on stdin and puts the
                                 device's broker password into ESPHome's secrets.yaml (--file, mode 0600)
            options:
              --dir DIR          the display-firmware-config folder (default: display-firmware-config)
              --catalog FILE     the hall's catalogue JSON (default: the bundled sample hall)
              --station ID       the MQTT topic root's station level (default: demo-hall)
              --broker HOST      the broker the device connects to, for esphome (default: a substitution)
              --rating-timeout S the service's QMS_RATING_TIMEOUT_SECONDS (default 120)
              --file FILE        the secrets.yaml to write, for secrets (default: secrets.yaml)""";

    private DeviceConfigTool() {
    }

    public static int main(String[] args) {
        List<String> positional = new ArrayList<>();
        Path dir = Path.of("display-firmware-config");
        Optional<Path> catalog = Optional.empty();
        String station = "demo-hall";
        String broker = null;
        int timeout = 120;
        Path secrets = Path.of("secrets.yaml");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--catalog" -> catalog = Optional.of(Path.of(args[++i]));
                    case "--station" -> station = args[++i];
                    case "--broker" -> broker = args[++i];
                    case "--rating-timeout" -> timeout = Integer.parseInt(args[++i]);
                    case "--file" -> secrets = Path.of(args[++i]);
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    default -> positional.add(args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            System.err.println("qms device-config: an option lacks its value\n" + USAGE);
            return 2;
        }
        if (positional.isEmpty()) {
            System.err.println(USAGE);
            return 2;
        }
        if (positional.get(0).equals("secrets")) {
            return EspHomeSecrets.write(System.in, secrets, System.out, System.err);
        }
        if (positional.get(0).equals("check") && positional.size() == 2) {
            dir = Path.of(positional.get(1));
        } else if (positional.get(0).equals("check") && positional.size() > 2) {
            System.err.println("qms device-config: check takes one folder, not " + (positional.size() - 1) + "\n" + USAGE);
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
            System.err.println(USAGE);
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
