package org.hallqms;

/**
 * The Prometheus client writes every sample as a Java double ({@code 3.0}, {@code 1.2345678E7}); the hall's figures
 * are whole numbers, and dashboards and tests have always read them as such ({@code 3}). Only a sample's value, the
 * text after its last space, is rewritten; HELP, TYPE, names and labels pass unchanged.
 */
final class WholeValues {
    /** Beyond 2^53 a double no longer holds every whole number: such a value is left as the client wrote it. */
    private static final double EXACT = 9_007_199_254_740_992d;

    private WholeValues() {
    }

    static String of(String exposition) {
        StringBuilder b = new StringBuilder(exposition.length());
        int from = 0;
        while (from < exposition.length()) {
            int end = exposition.indexOf('\n', from);
            end = end < 0 ? exposition.length() : end;
            String line = exposition.substring(from, end);
            b.append(line.startsWith("#") ? line : whole(line));
            if (end < exposition.length()) {
                b.append('\n');
            }
            from = end + 1;
        }
        return b.toString();
    }

    private static String whole(String sample) {
        int space = sample.lastIndexOf(' ');
        if (space < 0) {
            return sample;
        }
        double v;
        try {
            v = Double.parseDouble(sample.substring(space + 1));
        } catch (NumberFormatException e) {
            return sample;
        }
        if (v != Math.rint(v) || Math.abs(v) > EXACT) {
            return sample;
        }
        return sample.substring(0, space + 1) + (long) v;
    }
}
