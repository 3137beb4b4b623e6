package org.hallqms.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Environment variables that look like ours but are not. A typo such as {@code QMS_HTTP_PROT} would otherwise be
 * ignored without a word, and the IT person would wonder why the port did not change.
 */
public final class Lookalikes {
    /** Ours, but read by the scripts and tests rather than by the service. */
    private static final Set<String> ELSEWHERE = Set.of("QMS_CONFIG", "QMS_JAVA_OPTS", "QMS_LOG_LEVEL", "QMS_TEST_PG");
    private static final int NEAR = 3;

    private Lookalikes() {
    }

    /** One warning per unknown {@code QMS_*} variable, naming the closest known key when one is near. */
    public static List<String> warnings(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith("QMS_") || ConfigLoader.KEYS.contains(name) || ELSEWHERE.contains(name)) {
                continue;
            }
            out.add(name + " is not a setting of this service and is ignored"
                    + closest(name).map(c -> "; did you mean " + c + "?").orElse(" (the README lists the settings)"));
        }
        return out;
    }

    /** The known key nearest to {@code name}, when one is near enough to be what was meant. */
    static Optional<String> closest(String name) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String k : new TreeSet<>(ConfigLoader.KEYS)) {
            int d = distance(name, k);
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        return best <= NEAR ? Optional.of(closest) : Optional.empty();
    }

    /** Levenshtein distance: a swapped pair of letters counts 2, which NEAR allows. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
