package org.hallqms.http;

import java.util.List;
import java.util.Map;

/** A JSON-shaped answer as CSV rows of {@code path,value}, for the spreadsheet the station's office keeps. */
final class Csv {
    private Csv() {
    }

    static String flat(Map<String, Object> root) {
        StringBuilder b = new StringBuilder("metric,value\n");
        walk(b, "", root);
        return b.toString();
    }

    private static void walk(StringBuilder b, String path, Object v) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> walk(b, path.isEmpty() ? String.valueOf(k) : path + "." + k, x));
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(b, path + "[" + i + "]", l.get(i));
            }
        } else {
            b.append(cell(path)).append(',').append(v == null ? "" : cell(String.valueOf(v))).append('\n');
        }
    }

    /** Quoted when it must be; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
    private static String cell(String s) {
        String t = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?") ? "'" + s : s;
        return t.matches("[^,\"\\n\\r]*") ? t : "\"" + t.replace("\"", "\"\"") + "\"";
    }
}
