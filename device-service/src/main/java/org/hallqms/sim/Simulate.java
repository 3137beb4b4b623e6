package org.hallqms.sim;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hallqms.cli.Cli;
import org.hallqms.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code device-service.jar simulate}: connects the hall's devices as virtual ones and prints what each screen
 * shows. Commands on standard input: {@code press CALLER ACTION}, {@code show DEVICE}, {@code quit}.
 */
@Command(name = "simulate", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar simulate [options]      (or scripts/simulate-hall)",
        description = "Connects the hall's devices as virtual ones and prints what each screen shows.",
        footer = "then type:  press caller-3 next   |   show screen-1   |   quit")
public final class Simulate implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private HelpOption help;
    @Option(names = "--mqtt", paramLabel = "URL", description = "the hall's broker (default tcp://127.0.0.1:1883)")
    private String url = "tcp://127.0.0.1:1883";
    @Option(names = "--station", paramLabel = "ID", description = "the topic root's station level (default demo-hall)")
    private String station = "demo-hall";
    @Option(names = "--user", paramLabel = "U", description = "with --password: the account that learns the hall's "
            + "devices from their retained configs (default: qms-service with the secret in DIR/mqtt-service.secret)")
    private String user;
    @Option(names = "--password", paramLabel = "P", description = "the password of --user")
    private String password;
    @Option(names = "--data", paramLabel = "DIR", description = "the hall's data dir (default: QMS_DATA_DIR or ./data)")
    private java.nio.file.Path data = java.nio.file.Path.of(System.getenv().getOrDefault("QMS_DATA_DIR", "data"));
    @Option(names = "--secrets", paramLabel = "FILE", description = "the devices' broker secrets, as device-config "
            + "secrets writes them (secrets.yaml); a device without one connects without a password")
    private java.nio.file.Path secretsFile;
    @Option(names = "--levels", paramLabel = "5:70,4:20,3:6,2:3,1:1", description = "how evaluators rate (weights per "
            + "level; 1 and 2 send a reason)")
    private String levelSpec = "5:70,4:20,3:6,2:3,1:1";
    @Option(names = "--answer-after", paramLabel = "MS", description = "how long a citizen takes to press the "
            + "evaluator (default 800)")
    private long answerAfter = 800;
    @Option(names = "--devices", paramLabel = "N", description = "wait for N device configs before taking commands "
            + "(default: all within 3 s)")
    private int expected = Integer.MAX_VALUE;

    private Simulate() {
    }

    public static int main(String[] args) {
        return Cli.run(new Simulate(), args);
    }

    @Override
    public Integer call() throws Exception {
        Map<Integer, Integer> levels;
        try {
            levels = parseLevels(levelSpec);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        String user = this.user;
        String password = this.password;
        java.nio.file.Path serviceSecret = data.resolve("mqtt-service.secret");
        if (user == null && java.nio.file.Files.isReadable(serviceSecret)) {
            user = "qms-service";
            password = java.nio.file.Files.readString(serviceSecret).trim();
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        if (secretsFile != null) {
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("qms_([a-z0-9_]+)_mqtt_password:\\s*\"([^\"]+)\"");
            for (String l : java.nio.file.Files.readAllLines(secretsFile)) {
                java.util.regex.Matcher m = line.matcher(l.trim());
                if (m.matches()) {
                    // the key holds the id with '-' as '_'; both spellings find it
                    secrets.put(m.group(1).replace('_', '-'), m.group(2));
                    secrets.put(m.group(1), m.group(2));
                }
            }
        }
        try (HallSimulator sim = new HallSimulator(url, station, user, password, secrets, levels, answerAfter,
                System.nanoTime(), line -> System.out.println(line))) {
            sim.start(expected, 3000);
            System.out.println("simulating " + sim.devices().size() + " devices of " + station + " on " + url
                    + "; type 'press CALLER ACTION', 'show DEVICE' or 'quit'");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] w = line.trim().split("\\s+");
                try {
                    switch (w[0]) {
                        case "press" -> sim.press(w[1], w[2]);
                        case "show" -> System.out.println(w[1] + " │ " + String.join(" │ ", sim.shows(w[1])));
                        case "quit", "exit" -> {
                            return 0;
                        }
                        case "" -> { }
                        default -> System.out.println("commands: press CALLER ACTION | show DEVICE | quit");
                    }
                } catch (ArrayIndexOutOfBoundsException e) {
                    System.out.println("commands: press CALLER ACTION | show DEVICE | quit");
                } catch (Exception e) {
                    System.out.println(e.getMessage());
                }
            }
        }
        return 0;
    }

    static Map<Integer, Integer> parseLevels(String spec) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            int level = Integer.parseInt(kv[0]);
            if (kv.length != 2 || level < 1 || level > 5) {
                throw new IllegalArgumentException("--levels: '" + part + "' is not LEVEL:WEIGHT with a level of 1 to 5");
            }
            out.put(level, Integer.parseInt(kv[1]));
        }
        return out;
    }
}
