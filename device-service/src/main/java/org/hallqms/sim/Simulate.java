package org.hallqms.sim;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code device-service.jar simulate}: connects the hall's devices as virtual ones and prints what each screen
 * shows. Commands on standard input: {@code press CALLER ACTION}, {@code show DEVICE}, {@code quit}.
 */
public final class Simulate {
    static final String USAGE = """
            usage: java -jar device-service.jar simulate [options]      (or scripts/simulate-hall)
              --mqtt URL          the hall's broker (default tcp://127.0.0.1:1883)
              --station ID        the topic root's station level (default demo-hall)
              --user U --password P   the account that learns the hall's devices from their retained configs
                                  (default: qms-service with the secret in DIR/mqtt-service.secret)
              --data DIR          the hall's data dir (default: QMS_DATA_DIR or ./data)
              --secrets FILE      the devices' broker secrets, as device-config secrets writes them
                                  (secrets.yaml); a device without one connects without a password
              --levels 5:70,4:20,3:6,2:3,1:1   how evaluators rate (weights per level; 1 and 2 send a reason)
              --answer-after MS   how long a citizen takes to press the evaluator (default 800)
              --devices N         wait for N device configs before taking commands (default: all within 3 s)
            then type:  press caller-3 next   |   show screen-1   |   quit""";

    private Simulate() {
    }

    public static int main(String[] args) throws Exception {
        String url = "tcp://127.0.0.1:1883";
        String station = "demo-hall";
        String user = null;
        String password = null;
        java.nio.file.Path data = java.nio.file.Path.of(System.getenv().getOrDefault("QMS_DATA_DIR", "data"));
        java.nio.file.Path secretsFile = null;
        Map<Integer, Integer> levels = parseLevels("5:70,4:20,3:6,2:3,1:1");
        long answerAfter = 800;
        int expected = Integer.MAX_VALUE;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--mqtt" -> url = args[++i];
                    case "--station" -> station = args[++i];
                    case "--user" -> user = args[++i];
                    case "--password" -> password = args[++i];
                    case "--data" -> data = java.nio.file.Path.of(args[++i]);
                    case "--secrets" -> secretsFile = java.nio.file.Path.of(args[++i]);
                    case "--levels" -> levels = parseLevels(args[++i]);
                    case "--answer-after" -> answerAfter = Long.parseLong(args[++i]);
                    case "--devices" -> expected = Integer.parseInt(args[++i]);
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            System.err.println("qms simulate: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value"
                    : e.getMessage()) + "\n" + USAGE);
            return 2;
        }
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
