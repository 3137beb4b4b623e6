package org.hallqms.display;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/** Lets tests of other packages run the secrets.yaml writer of {@code device-config secrets}. */
public final class DeviceConfigToolAccess {
    private DeviceConfigToolAccess() {
    }

    public static int secrets(InputStream in, Path file, PrintStream out, PrintStream err) {
        return EspHomeSecrets.write(in, file, out, err);
    }
}
