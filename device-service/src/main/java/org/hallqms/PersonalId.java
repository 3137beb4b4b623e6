package org.hallqms;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds resident ID-card numbers in anything a client or device sends: the 18-character number (region, birth
 * date, sequence, check digit or X) and the 15-digit number of the first generation (region, two-digit year,
 * month, day, sequence). The hall never stores one (design principle 6), so such a value is refused rather than
 * quietly kept in a note or a request id. The check digit is not required: a mistyped number is still personal.
 *
 * <p>This is the one normaliser every free-text field passes through, HTTP bodies and device messages alike
 * (both check every string of the JSON they receive). It sees through the ways a number is written by hand or
 * pasted: full-width digits and letters (NFKC, so {@code １１０１…Ｘ} is {@code 1101…X}), groups split by spaces,
 * dashes, dots, slashes or underscores ({@code 1101 0119 9003 0712 34}), and letters glued on either side.
 * Colons, commas, stars and other text break a number, so times ({@code 10:30}), masked phones
 * ({@code 138****1234}) and ticket numbers ({@code A012}) pass.
 */
public final class PersonalId {
    // between two digit groups of one number: at most three of these (after NFKC, so U+3000 is a space and
    // U+FF0D a hyphen)
    private static final int MAX_JOIN = 3;

    private PersonalId() {
    }

    public static boolean in(String text) {
        if (text == null || text.length() < 15) {
            return false;
        }
        // plain ASCII (request ids, codes) is already its own NFKC form: skip the normaliser on the kiosk's hot path
        String t = ascii(text) ? text : asciiDigits(Normalizer.normalize(text, Normalizer.Form.NFKC));
        List<String> groups = new ArrayList<>();
        List<Boolean> xAfter = new ArrayList<>();
        int i = 0;
        int n = t.length();
        while (i < n) {
            char c = t.charAt(i);
            if (!digit(c)) {
                i++;
                continue;
            }
            // a chain: digit groups joined by short runs of separators
            groups.clear();
            xAfter.clear();
            while (true) {
                int start = i;
                while (i < n && digit(t.charAt(i))) {
                    i++;
                }
                groups.add(t.substring(start, i));
                xAfter.add(i < n && (t.charAt(i) == 'X' || t.charAt(i) == 'x'));
                int j = i;
                while (j < n && j - i < MAX_JOIN && joiner(t.charAt(j))) {
                    j++;
                }
                if (j == i || j >= n || !digit(t.charAt(j))) {
                    break;
                }
                i = j;
            }
            if (chainHasId(groups, xAfter)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ascii(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Every decimal digit of any script (Arabic-Indic, Devanagari, …) as its ASCII digit; NFKC leaves those. */
    private static String asciiDigits(String s) {
        StringBuilder b = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c > 0x7f && Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(k, (char) ('0' + Character.digit(c, 10)));
            }
        }
        return b == null ? s : b.toString();
    }

    /** Whether whole consecutive groups of the chain spell a 15- or 18-character number. */
    private static boolean chainHasId(List<String> groups, List<Boolean> xAfter) {
        for (int a = 0; a < groups.size(); a++) {
            StringBuilder b = new StringBuilder(18);
            for (int z = a; z < groups.size(); z++) {
                b.append(groups.get(z));
                int len = b.length();
                if (len > 18) {
                    break;
                }
                if ((len == 18 && id18(b)) || (len == 15 && id15(b))
                        || (len == 17 && xAfter.get(z) && id18(new StringBuilder(b).append('X')))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Region (not starting with 0), yyyy of 18xx-20xx, month, day, three digits, a digit or X. */
    private static boolean id18(CharSequence s) {
        String year = s.subSequence(6, 8).toString();
        return s.charAt(0) != '0' && (year.equals("18") || year.equals("19") || year.equals("20"))
                && monthDay(s, 10);
    }

    /** Region (not starting with 0), yy, month, day, three digits. */
    private static boolean id15(CharSequence s) {
        return s.charAt(0) != '0' && monthDay(s, 8);
    }

    private static boolean monthDay(CharSequence s, int at) {
        int month = (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
        int day = (s.charAt(at + 2) - '0') * 10 + (s.charAt(at + 3) - '0');
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean joiner(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/' || c == '_' || c == '\t' || c == '\u00a0'
                || (c >= '\u2010' && c <= '\u2015') || c == '\u00b7' || c == '\u30fb';
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
