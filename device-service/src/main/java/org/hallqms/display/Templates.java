package org.hallqms.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Display text templates: {@code {ticket}}, {@code {counter}} and {@code {service}} filled in, and widths in
 * half-width columns (a Chinese character or full-width sign is two, a letter or digit one), which is how LED
 * panels with a 16 px font lay text out.
 */
public final class Templates {
    public static final List<String> PLACEHOLDERS = List.of("ticket", "counter", "service");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private Templates() {
    }

    /** Placeholders in the template that are not known, in order. */
    static List<String> unknown(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                out.add(m.group());
            }
        }
        return out;
    }

    public static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Width in half-width columns. */
    public static int width(String text) {
        return org.hallqms.Columns.of(text);
    }

    /** Literal characters of a template (placeholders removed). */
    static String literal(String template) {
        return PLACEHOLDER.matcher(template).replaceAll("");
    }
}
