package org.hallqms.station;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The flags {@code sync-pull} and {@code station} share (which halls, their tokens, the database), checked the same
 * way in both, each wrong value added to {@code problems} so one run names them all. {@code tokenFiles}: the file
 * each hall's token was read from ({@code NAME=@FILE} or {@code @FILE}), which {@code station} reads again when a
 * token is rotated; a token given as text has none.
 */
public record StationFlags(Map<String, URI> halls, Map<String, String> tokens, Map<String, Path> tokenFiles) {
    private static final Pattern HALL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** {@code --jdbc}, {@code --hall NAME=URL…}, {@code --token NAME=@FILE… | @FILE}, {@code --trust FILE}. */
    public static StationFlags check(String jdbc, List<String> hallFlags, List<String> tokenFlags, Path trust,
                                     List<String> problems) {
        Map<String, URI> byName = new LinkedHashMap<>();
        for (String v : hallFlags) {
            String[] kv = pair("--hall", v, problems);
            if (kv == null) {
                continue;
            }
            if (!HALL_NAME.matcher(kv[0]).matches()) {
                problems.add("--hall " + v + ": the name must be 1 to 64 letters, digits, '.', '_' or '-'");
            }
            try {
                URI u = URI.create(kv[1].endsWith("/") ? kv[1] : kv[1] + "/");
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                if (byName.put(kv[0], u) != null) {
                    problems.add("--hall " + kv[0] + ": given twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add("--hall " + v + ": the URL must look like http://10.0.0.5:8080 or https://...");
            }
        }
        Map<String, String> byHall = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        String allToken = null;
        Path allFile = null;
        for (String v : tokenFlags) {
            if (v.startsWith("@")) {
                allToken = readToken(v, problems);
                allFile = file(v);
            } else {
                String[] kv = pair("--token", v, problems);
                if (kv != null) {
                    byHall.put(kv[0], kv[1].startsWith("@") ? readToken(kv[1], problems) : kv[1]);
                    if (kv[1].startsWith("@")) {
                        files.put(kv[0], file(kv[1]));
                    } else {
                        files.remove(kv[0]);
                    }
                }
            }
        }
        if (jdbc == null || !jdbc.startsWith("jdbc:postgresql:")) {
            problems.add("--jdbc: required, a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/station");
        }
        if (byName.isEmpty()) {
            problems.add("--hall: at least one NAME=URL is required");
        }
        for (String h : byName.keySet()) {
            if (!byHall.containsKey(h)) {
                if (allToken == null) {
                    problems.add("--token: no token for hall '" + h + "' (give --token " + h + "=@FILE)");
                } else {
                    byHall.put(h, allToken);
                    files.put(h, allFile);
                }
            }
        }
        for (String t : byHall.keySet()) {
            if (!byName.containsKey(t)) {
                problems.add("--token " + t + "=...: no --hall named '" + t + "'");
            }
        }
        if (trust != null && !Files.isReadable(trust)) {
            problems.add("--trust " + trust + ": cannot read the file");
        }
        return new StationFlags(byName, byHall, files);
    }

    /** A whole number from {@code min} to {@code max}; otherwise a problem naming the flag, and {@code min}. */
    public static int number(String flag, String v, int min, int max, List<String> problems) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        problems.add(flag + " " + v + ": must be a whole number from " + min + " to " + max);
        return min;
    }

    private static String[] pair(String flag, String v, List<String> problems) {
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) {
            problems.add(flag + " " + v + ": expected NAME=VALUE");
            return null;
        }
        return new String[] {v.substring(0, eq), v.substring(eq + 1)};
    }

    /** The path of {@code @FILE}, or null when it cannot be one (readToken then names the problem). */
    private static Path file(String at) {
        try {
            return Path.of(at.substring(1));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String readToken(String at, List<String> problems) {
        try {
            String t = Files.readString(Path.of(at.substring(1)), StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                problems.add("--token " + at + ": the file is empty");
            }
            return t;
        } catch (IOException | RuntimeException e) {
            problems.add("--token " + at + ": cannot read the file (" + e.getMessage() + ")");
            return "";
        }
    }
}
