package org.hallqms.display;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hallqms.store.Json;

/**
 * {@code device-config secrets [--file secrets.yaml]}: takes the one answer that shows a device's new broker
 * secret ({@code {"device","username","password"}} on stdin, as {@code curl} prints it) and keeps it where
 * ESPHome's {@code !secret} finds it, replacing the device's old line and keeping every other one. The secret
 * never passes through a command line or the shell's history.
 */
final class EspHomeSecrets {
    private static final Pattern DEVICE = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private EspHomeSecrets() {
    }

    static int write(InputStream in, Path file, PrintStream out, PrintStream err) {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("qms device-config secrets: stdin is not the JSON answer of POST /api/v1/devices/ID/secret");
            return 2;
        }
        String device = answer == null ? "" : answer.path("device").asText("");
        String password = answer == null ? "" : answer.path("password").asText("");
        if (!DEVICE.matcher(device).matches() || !PASSWORD.matcher(password).matches()) {
            err.println("qms device-config secrets: stdin is not the answer of POST /api/v1/devices/ID/secret (it "
                    + "needs \"device\" and \"password\"); was the request refused?");
            return 2;
        }
        String key = EspHome.secretKey(device);
        try {
            List<String> lines = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!l.startsWith(key + ":")) {
                        lines.add(l);
                    }
                }
            }
            lines.add(key + ": \"" + password + "\"");
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".new");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("qms device-config secrets: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        out.println("qms device-config secrets: " + key + " of " + device + " written to " + file + " (mode 0600); "
                + "its old secret no longer works: give the device its new password (for a screen or board built from "
                + "device-config esphome: esphome run " + device + ".yaml)");
        return 0;
    }
}
