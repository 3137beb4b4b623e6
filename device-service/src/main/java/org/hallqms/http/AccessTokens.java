package org.hallqms.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin and station-sync bearer tokens: from config, or generated once and kept 0600 in the data dir. */
public final class AccessTokens {
    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    private final byte[] admin;
    private final byte[] sync;
    private final byte[] previousSync;
    private final Instant previousUntil;
    private final Clock clock;

    enum Check { OK, EXPIRED, WRONG }

    private AccessTokens(String admin, String sync, Optional<String> previous, Optional<OffsetDateTime> until,
                         Clock clock) {
        this.admin = sha256(admin);
        this.sync = sha256(sync);
        this.previousSync = previous.map(AccessTokens::sha256).orElse(null);
        this.previousUntil = until.map(OffsetDateTime::toInstant).orElse(Instant.MIN);
        this.clock = clock;
    }

    /**
     * @param previous a station token being rotated out: accepted until {@code until} (wall clock, as the
     *                 station's operator thinks of it), then answered as expired
     */
    public static AccessTokens load(Path dataDir, Optional<String> admin, Optional<String> sync,
                                    Optional<String> previous, Optional<OffsetDateTime> until, Clock clock) {
        return new AccessTokens(admin.orElseGet(() -> stored(dataDir.resolve("admin.token"), "QMS_ADMIN_TOKEN")),
                sync.orElseGet(() -> stored(dataDir.resolve("sync.token"), "QMS_SYNC_TOKEN")), previous, until, clock);
    }

    /** A token file in the data dir that must not be used: too short, or readable by others. */
    public static final class TokenFileException extends RuntimeException {
        TokenFileException(String message) {
            super(message);
        }
    }

    private static String stored(Path file, String key) {
        try {
            if (Files.exists(file)) {
                return checked(file, key, Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            log.info("http: {} not set; generated one in {} (mode 0600)", key, file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the generated token in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A kept token is held to the rules of a configured one (at least 16 printable characters) and must be the
     * service user's alone. A file others could read is refused, not quietly fixed: its token may have been read
     * already, so the IT person decides (chmod, and a new token if in doubt).
     */
    private static String checked(Path file, String key, String token) throws IOException {
        Path f = file.toAbsolutePath();
        if (token.length() < 16 || !token.chars().allMatch(ch -> ch > 32 && ch < 127)) {
            throw new TokenFileException(key + ": the token kept in " + f + " is " + token.length() + " characters; it "
                    + "must be at least 16 printable ASCII characters without spaces. Delete the file to have a new one "
                    + "generated at the next start, or set " + key);
        }
        if (org.hallqms.store.DataDir.openToOthers(file)) {
            throw new TokenFileException(key + ": " + f + " has mode " + org.hallqms.store.DataDir.mode(file)
                    + ", so other users can read the token; run: chmod 600 " + f + " (and delete it to have a new "
                    + "token generated if others may have read it)");
        }
        return token;
    }

    boolean isAdmin(String bearer) {
        return matches(admin, bearer);
    }

    Check sync(String bearer) {
        if (matches(sync, bearer)) {
            return Check.OK;
        }
        if (previousSync != null && matches(previousSync, bearer)) {
            return clock.instant().isBefore(previousUntil) ? Check.OK : Check.EXPIRED;
        }
        return Check.WRONG;
    }

    private static boolean matches(byte[] expectedHash, String bearer) {
        // Comparing digests keeps the time constant whatever the guess's length or content.
        return bearer != null && MessageDigest.isEqual(expectedHash, sha256(bearer));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
