package org.hallqms.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fault drills' settings and results. {@code mvn verify} (and CI) runs the short version; scripts/drill
 * runs the full one ({@code -Ddrill.full=true}) and prints target/drill-results.txt as its table.
 */
final class Drills {
    static final Path RESULTS = Path.of("target", "drill-results.txt");

    private Drills() {
    }

    static boolean full() {
        return Boolean.getBoolean("drill.full");
    }

    /** {@code short} rounds in a normal build, {@code full} in scripts/drill. */
    static int rounds(int shortRounds, int fullRounds) {
        return full() ? fullRounds : shortRounds;
    }

    /** One line of the drill table: what was done and what was checked. Written only when the drill passed. */
    static void passed(String drill, String evidence) {
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, drill + "\t" + evidence + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
