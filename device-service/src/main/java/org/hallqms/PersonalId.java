package org.hallqms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds full resident ID-card numbers (18 characters: region, birth date, sequence, check digit) in anything a
 * client or device sends. The hall never stores one (design principle 6), so such a value is refused rather than
 * quietly kept in a note or a request id. The check digit is not required: a mistyped number is still personal.
 */
public final class PersonalId {
    private static final Pattern ID18 = Pattern.compile(
            "(?<![0-9])[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])");

    private PersonalId() {
    }

    public static boolean in(String text) {
        return text != null && text.length() >= 18 && ID18.matcher(text).find();
    }

    /** The JSON path of the first string (or member name) holding an ID-card number, if any. */
    public static Optional<String> in(JsonNode node) {
        return find(node, "");
    }

    private static Optional<String> find(JsonNode n, String path) {
        if (n.isTextual()) {
            return in(n.asText()) ? Optional.of(path.isEmpty() ? "(body)" : path) : Optional.empty();
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (in(e.getKey())) {
                    return Optional.of(p);
                }
                Optional<String> hit = find(e.getValue(), p);
                if (hit.isPresent()) {
                    return hit;
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                Optional<String> hit = find(n.get(i), path + "[" + i + "]");
                if (hit.isPresent()) {
                    return hit;
                }
            }
        }
        return Optional.empty();
    }

    /** The refusal's wording, shared by HTTP and MQTT so the IT person reads the same sentence in both. */
    public static String refusal(String where) {
        return where + ": looks like a full ID-card number; the hall never takes or stores one. Leave it out "
                + "(for an appointment, send its code)";
    }
}
