package org.hallqms;

/**
 * How wide text is on an LED panel or a receipt: a letter or digit takes one column, a Chinese character or
 * full-width sign two. Templates are checked and tickets laid out with the same rule.
 */
public final class Columns {
    private Columns() {
    }

    public static int of(int codePoint) {
        return codePoint < 0x80 ? 1 : 2;
    }

    public static int of(String text) {
        return text.codePoints().map(Columns::of).sum();
    }
}
