package org.hallqms.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The service's own broker identity: {@code QMS_MQTT_USER}/{@code QMS_MQTT_PASSWORD} when set (an external
 * broker's account), else {@code qms-service} with a secret generated once into {@code mqtt-service.secret}
 * in the data dir (mode 0600), which {@code mqtt-acl} hashes into Mosquitto's password file.
 */
public record ServiceIdentity(String user, String password) {
    public static final String USER = "qms-service";
    public static final String FILE = "mqtt-service.secret";

    @Override
    public String toString() {
        return "ServiceIdentity[" + user + "]";
    }

    public static ServiceIdentity load(Path dataDir, Optional<String> user, Optional<String> password) {
        if (user.isPresent()) {
            return new ServiceIdentity(user.get(), password.orElse(""));
        }
        return new ServiceIdentity(USER, secret(dataDir, true));
    }

    /** The stored service secret; made (0600) when {@code create} and missing. */
    static String secret(Path dataDir, boolean create) {
        Path f = dataDir.resolve(FILE);
        try {
            if (Files.isRegularFile(f)) {
                String s = Files.readString(f, StandardCharsets.UTF_8).trim();
                if (s.length() >= 16) {
                    return s;
                }
                if (!create) {
                    throw new IllegalStateException(f + " holds no secret of at least 16 characters");
                }
            } else if (!create) {
                throw new IllegalStateException("no " + f + " yet: start the service once to make it");
            }
            String s = MosquittoHash.newSecret();
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".new");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, s + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the service's broker secret " + f + ": " + e.getMessage(), e);
        }
    }

    /** Whether a client id belongs to this identity: the user name itself, or it followed by {@code -suffix}. */
    boolean ownsClientId(String clientId) {
        return clientId != null && (clientId.equals(user) || clientId.startsWith(user + "-"));
    }
}
