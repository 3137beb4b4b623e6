package org.hallqms;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.hallqms.config.Config;
import org.hallqms.config.ConfigException;
import org.hallqms.config.ConfigLoader;
import org.hallqms.config.Lookalikes;
import org.hallqms.store.NativeLibrary;
import org.hallqms.store.StoreException;
import org.slf4j.LoggerFactory;

/** {@code java -jar device-service.jar [--config FILE]}: starts the hall service. */
public final class Main {
    private static final String HELP = """
            usage: java -jar device-service.jar [--config FILE]   (see README for QMS_* keys)
                   java -jar device-service.jar sync-pull --help   (the station-side puller)
                   java -jar device-service.jar station --help   (the station console: pull and serve)
                   java -jar device-service.jar station-user --help   (add a station console user)
                   java -jar device-service.jar device-config --help   (check display-firmware-config)
                   java -jar device-service.jar simulate --help   (virtual screens, evaluators, callers)
                   java -jar device-service.jar estimate-sim --help   (how good the estimated waits are)
                   java -jar device-service.jar backup --help   (online copy of the database)
                   java -jar device-service.jar mqtt-acl --help   (Mosquitto password_file and acl_file)""";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            // each subcommand reads its own flags (picocli, org.hallqms.cli); the service's start below loads none of it
            switch (args[0]) {
                case "device-config" -> System.exit(org.hallqms.display.DeviceConfigTool.main(rest));
                case "simulate" -> System.exit(org.hallqms.sim.Simulate.main(rest));
                case "backup" -> System.exit(org.hallqms.store.Backup.main(rest));
                case "mqtt-acl" -> System.exit(org.hallqms.device.MqttAclTool.main(rest));
                case "estimate-sim" -> System.exit(org.hallqms.sim.EstimateSim.main(rest, System.out));
                case "sync-pull" -> System.exit(org.hallqms.station.SyncPull.main(rest));
                case "station" -> System.exit(org.hallqms.station.console.StationConsole.main(rest));
                case "station-user" -> System.exit(org.hallqms.station.console.StationConsole.user(rest));
                default -> {
                    // the service's own start
                }
            }
        }
        NativeLibrary.loadAhead();
        Optional<Path> file = Optional.ofNullable(System.getenv("QMS_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    System.err.println("qms: --config needs a file: --config /etc/hall-qms/hall-qms.conf");
                    System.exit(2);
                }
                file = Optional.of(Path.of(args[++i]));
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(HELP);
                return;
            } else {
                System.err.println("qms: unknown argument '" + args[i] + "'; usage: [--config FILE]");
                System.exit(2);
            }
        }
        Config config;
        Lookalikes.warnings(System.getenv()).forEach(w -> LoggerFactory.getLogger(Main.class).warn("config: {}", w));
        try {
            config = ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println("qms: the configuration is refused:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        }
        Optional<String> refusal = StartChecks.refusal(config);
        if (refusal.isPresent()) {
            System.err.println("qms: " + refusal.get());
            System.exit(1);
            return;
        }
        Hall hall;
        try {
            hall = Hall.start(config, Clock.systemUTC());
        } catch (org.hallqms.device.EmbeddedBroker.BrokerStartException e) {
            System.err.println("qms: " + e.getMessage());
            System.exit(1);
            return;
        } catch (org.hallqms.voice.VoicePack.Refused e) {
            System.err.println("qms: the voice clips are refused:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        } catch (StoreException | org.hallqms.http.AccessTokens.TokenFileException e) {
            System.err.println("qms: " + e.getMessage());
            System.exit(1);
            return;
        } catch (org.hallqms.gpio.KioskGpio.GpioUnavailable e) {
            System.err.println("qms: " + e.getMessage());
            System.exit(2);
            return;
        } catch (org.hallqms.display.DeviceConfigException e) {
            System.err.println("qms: the device files in " + config.deviceConfigDir() + " are refused:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        } catch (QmsException e) {
            System.err.println("qms: the catalogue is refused: " + e.getMessage());
            if (e.extra().get("errors") instanceof java.util.List<?> l) {
                l.forEach(p -> System.err.println("  - " + p));
            }
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                System.err.println("qms: port " + config.httpPort() + " on " + config.httpHost()
                        + " is already in use; set QMS_HTTP_PORT to a free port (0 = any free port)");
                System.exit(1);
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hall::close, "qms-shutdown"));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
