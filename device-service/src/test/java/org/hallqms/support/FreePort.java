package org.hallqms.support;

import java.io.IOException;
import java.net.ServerSocket;

/** A port nobody listens on right now. */
public final class FreePort {
    private FreePort() {
    }

    public static int find() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
