package org.hallqms.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One committed entry of the event log. {@code data} is kept as the exact canonical JSON text it was hashed
 * with, so verifying never depends on re-serialising.
 */
public record Event(long seq, String id, String type, String at, String day, String data, String prevHash,
                    String hash) {

    /** The hash of the first event's predecessor. */
    public static final String GENESIS = "0".repeat(64);

    /**
     * The canonical text that is hashed: a JSON object with keys in alphabetical order, no spaces, and the
     * data member as its stored canonical JSON.
     */
    static String canonical(long seq, String id, String type, String at, String day, String data) {
        StringBuilder b = new StringBuilder(120 + data.length());
        b.append("{\"at\":");
        Json.quote(b, at);
        b.append(",\"data\":").append(data).append(",\"day\":");
        Json.quote(b, day);
        b.append(",\"id\":");
        Json.quote(b, id);
        b.append(",\"seq\":").append(seq).append(",\"type\":");
        Json.quote(b, type);
        return b.append('}').toString();
    }

    /** hash = hex(SHA-256(UTF-8(prevHash hex) || UTF-8(canonical event))). */
    static String chain(String prevHash, String canonical) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            md.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when this event's hash follows from its predecessor's hash and its own fields. */
    public boolean verifies(String expectedPrev) {
        return prevHash.equals(expectedPrev) && hash.equals(chain(prevHash, canonical(seq, id, type, at, day, data)));
    }
}
