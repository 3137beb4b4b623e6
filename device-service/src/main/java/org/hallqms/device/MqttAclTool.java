package org.hallqms.device;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.cli.Cli;
import org.hallqms.cli.HelpOption;
import org.hallqms.config.Config;
import org.hallqms.config.ConfigException;
import org.hallqms.config.ConfigLoader;
import org.hallqms.store.Store;
import org.sqlite.SQLiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar device-service.jar mqtt-acl --out DIR [--data DIR] [--config FILE]}: Mosquitto's
 * {@code password_file} (the stored {@code $7$} hashes; no secret is made or needed) and an {@code acl_file}
 * with the rules the embedded broker enforces (design §9). Like {@code backup}, it only reads, beside the
 * running service. Station and service account come from the hall's configuration (file and environment, as
 * the service reads them): {@code QMS_MQTT_USER}/{@code QMS_MQTT_PASSWORD}, else {@code qms-service} with the
 * secret the service generated into its data dir.
 */
@Command(name = "mqtt-acl", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar mqtt-acl --out DIR [--data DIR] [--config FILE]",
        description = {"Mosquitto's password_file and acl_file for this hall, from its database and configuration "
                + "(file and environment, as the service reads them). Only reads, beside the running service."})
public final class MqttAclTool implements Callable<Integer> {
    static final String PASSWORDS = "password_file";
    static final String ACL = "acl_file";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    @Mixin
    private HelpOption help;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder to write both files into")
    private Path to;
    @Option(names = "--data", paramLabel = "DIR", description = "the hall's data dir (default: its QMS_DATA_DIR or ./data)")
    private Path data;
    @Option(names = "--config", paramLabel = "FILE", description = "the hall's config file (default: QMS_CONFIG)")
    private Path configFile;

    private MqttAclTool(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static int main(String[] args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return Cli.run(new MqttAclTool(env, out, err), args, out, err);
    }

    @Override
    public Integer call() {
        Path data = this.data;
        java.util.Optional<Path> file = configFile != null ? java.util.Optional.of(configFile)
                : java.util.Optional.ofNullable(env.get("QMS_CONFIG")).filter(v -> !v.isBlank()).map(Path::of);
        Config config;
        try {
            config = ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            err.println("mqtt-acl: the configuration is refused:");
            e.problems().forEach(p -> err.println("  - " + p));
            return 2;
        }
        String station = config.station();
        if (data == null) {
            data = config.dataDir();
        }
        Path db = data.resolve(Store.FILE);
        if (!Files.isRegularFile(db)) {
            err.println("mqtt-acl: no database at " + db.toAbsolutePath() + "; give --data DIR");
            return 1;
        }
        ServiceIdentity me;
        try {
            me = config.mqttUser().isPresent() ? new ServiceIdentity(config.mqttUser().get(), config.mqttPassword().orElse(""))
                    : new ServiceIdentity(ServiceIdentity.USER, ServiceIdentity.secret(data, false));
        } catch (IllegalStateException e) {
            err.println("mqtt-acl: " + e.getMessage());
            return 1;
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(10_000);
        Catalog catalog;
        Map<String, DeviceSecrets.Stored> secrets;
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            catalog = CatalogService.stored(c).orElse(null);
            secrets = DeviceSecrets.read(c);
        } catch (SQLException e) {
            err.println("mqtt-acl: cannot read " + db + ": " + e.getMessage());
            return 1;
        }
        if (catalog == null) {
            err.println("mqtt-acl: " + db + " holds no catalogue yet; start the service once");
            return 1;
        }
        List<String> without = new ArrayList<>();
        StringBuilder pw = new StringBuilder();
        pw.append(me.user()).append(':').append(MosquittoHash.hash(me.password())).append('\n');
        for (Catalog.Device d : catalog.devices()) {
            DeviceSecrets.Stored s = secrets.get(d.id());
            if (s == null) {
                without.add(d.id());
            } else {
                pw.append(d.id()).append(':').append(s.hash()).append('\n');
            }
        }
        try {
            Files.createDirectories(to);
            write(to.resolve(PASSWORDS), pw.toString(), "rw-r-----");
            write(to.resolve(ACL), acl("qms/" + station + "/", me.user(), catalog), "rw-r--r--");
        } catch (IOException e) {
            err.println("mqtt-acl: cannot write into " + to + ": " + e.getMessage());
            return 1;
        }
        out.println("mqtt-acl: wrote " + to.resolve(PASSWORDS) + " (" + me.user() + " and "
                + (catalog.devices().size() - without.size()) + " devices) and " + to.resolve(ACL) + " for qms/" + station
                + "/; reload Mosquitto to apply (systemctl reload mosquitto)");
        if (!without.isEmpty()) {
            out.println("mqtt-acl: Mosquitto refuses these devices until they have a secret (POST /api/v1/devices/ID/"
                    + "secret, then run mqtt-acl again): " + String.join(", ", without));
        }
        return 0;
    }

    /** Mosquitto's ACL: lines before the first {@code user} are for anonymous clients (if a listener admits them). */
    static String acl(String root, String serviceUser, Catalog catalog) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by device-service.jar mqtt-acl from the hall's catalogue: the rules of MQTT contract v1.1\n")
                .append("# (design §9), as the embedded broker enforces them. Regenerate after a catalogue change.\n")
                .append("# Anonymous clients, only where a listener admits them (the installer does not): the wall.\n");
        rules(b, root, Acl.Who.ANONYMOUS);
        b.append("\nuser ").append(serviceUser).append('\n');
        rules(b, root, new Acl.Who(serviceUser, "service", null));
        for (Catalog.Device d : catalog.devices()) {
            b.append("\n# ").append(d.kind()).append(d.counter() == null ? "" : " of counter " + d.counter()).append('\n');
            b.append("user ").append(d.id()).append('\n');
            rules(b, root, Acl.Who.of(d));
        }
        return b.toString();
    }

    private static void rules(StringBuilder b, String root, Acl.Who w) {
        Acl.publish(w).forEach(t -> b.append("topic write ").append(root).append(t).append('\n'));
        Acl.subscribe(w).forEach(t -> b.append("topic read ").append(root).append(t).append('\n'));
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's rights apply
        }
        // whole files only: Mosquitto may reload at any moment
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
