package org.hallqms.event;

import java.util.List;
import org.hallqms.store.Json;

/**
 * Writes one event's data as the log's canonical JSON, straight into a buffer: callers give the keys in sorted
 * order (checked when assertions are on) and choose per field whether null is written or left out, as the
 * version-1 producers did. Strings go through {@link Json#quote}, Jackson's escaping, so the bytes match the
 * old Map-and-Jackson path without its sorting copy and reflection.
 */
final class JsonOut {
    private final StringBuilder b = new StringBuilder(200);
    private String last;

    JsonOut() {
        b.append('{');
    }

    private void key(String k) {
        assert last == null || last.compareTo(k) < 0 : "keys out of order: " + last + " before " + k;
        last = k;
        if (b.length() > 1) {
            b.append(',');
        }
        b.append('"').append(k).append("\":");
    }

    /** A string, null written as {@code null}. */
    JsonOut str(String k, String v) {
        key(k);
        if (v == null) {
            b.append("null");
        } else {
            Json.quote(b, v);
        }
        return this;
    }

    /** A string, left out when null. */
    JsonOut strIf(String k, String v) {
        return v == null ? this : str(k, v);
    }

    JsonOut wire(String k, Wire v) {
        return str(k, v == null ? null : v.wire());
    }

    JsonOut wireIf(String k, Wire v) {
        return v == null ? this : str(k, v.wire());
    }

    JsonOut num(String k, long v) {
        key(k);
        b.append(v);
        return this;
    }

    JsonOut numIf(String k, Integer v) {
        return v == null ? this : num(k, v);
    }

    /** A list of strings, written even when empty. */
    JsonOut list(String k, List<String> v) {
        key(k);
        if (v == null) {
            b.append("null");
            return this;
        }
        b.append('[');
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String s = v.get(i);
            if (s == null) {
                b.append("null");
            } else {
                Json.quote(b, s);
            }
        }
        b.append(']');
        return this;
    }

    /** A list of strings, left out when null or empty. */
    JsonOut listIf(String k, List<String> v) {
        return v == null || v.isEmpty() ? this : list(k, v);
    }

    /** Already canonical JSON. */
    JsonOut raw(String k, String json) {
        key(k);
        b.append(json);
        return this;
    }

    String end() {
        return b.append('}').toString();
    }
}
