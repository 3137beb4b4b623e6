package org.hallqms.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto 2's own password hash, {@code $7$101$<base64 salt>$<base64 PBKDF2-HMAC-SHA512>}: one stored hash
 * serves the embedded broker and an external Mosquitto's {@code password_file} alike.
 */
final class MosquittoHash {
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MosquittoHash() {
    }

    static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(ITERATIONS, salt, pbkdf2(password, salt, ITERATIONS));
    }

    static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder b = Base64.getEncoder();
        return "$7$" + iterations + "$" + b.encodeToString(salt) + "$" + b.encodeToString(hash);
    }

    /** Whether the password matches a stored {@code $7$} hash; any other form never matches. */
    static boolean matches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] p = stored.split("\\$");
        if (p.length != 5 || !p[0].isEmpty() || !p[1].equals("7") || !p[2].matches("\\d{1,7}")) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(p[3]);
            byte[] want = Base64.getDecoder().decode(p[4]);
            return MessageDigest.isEqual(want, pbkdf2(password, salt, Integer.parseInt(p[2]), want.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        return pbkdf2(password, salt, iterations, HASH_BYTES);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        // Java's PBKDF2 turns the chars into UTF-8, as mosquitto_passwd hashes the password's bytes.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this Java", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A new secret: 24 random bytes, URL-safe base64 (32 characters), fit for a config file and a YAML value. */
    static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
