package org.hallqms.catalog;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Salted slow hashes for officer PINs: PBKDF2-HMAC-SHA256, stored as {@code pbkdf2-sha256$iter$salt$hash}. */
public final class Pins {
    // Slow enough to make a stolen SD card's 6-digit PINs costly, fast enough for a login on a Pi 3.
    private static final int ITERATIONS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pins() {
    }

    public static String hash(String pin) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(pin, salt, ITERATIONS));
    }

    // Any salt will do: the result is thrown away.
    private static final byte[] DUMMY_SALT = new byte[16];

    /**
     * The work of one {@link #verify} against nothing, for a police number with no PIN: a login for an unknown
     * number then takes as long as one for a known number, so timing does not tell which numbers exist.
     */
    public static boolean verifyNothing(String pin) {
        derive(pin, DUMMY_SALT, ITERATIONS);
        return false;
    }

    public static boolean verify(String pin, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        Base64.Decoder d = Base64.getDecoder();
        byte[] expected = d.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(pin, d.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
