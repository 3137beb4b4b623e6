package org.hallqms.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ESC/POS job back the way a printer would: text lines (GB18030 inside FS & … FS .), the character
 * size each line was printed at, QR payloads and cuts. Unknown commands fail the test rather than pass silently.
 */
public final class EscPosDecoder {
    private static final Charset GB18030 = Charset.forName("GB18030");

    public record Line(String text, int width, int height) {
    }

    public record Job(List<Line> lines, List<String> qr, int cuts, boolean initialised) {
        public List<String> texts() {
            return lines.stream().map(Line::text).toList();
        }

        public String all() {
            return String.join("\n", texts());
        }
    }

    private EscPosDecoder() {
    }

    public static Job decode(byte[] b) {
        List<Line> lines = new ArrayList<>();
        List<String> qr = new ArrayList<>();
        int cuts = 0;
        boolean init = false;
        int w = 1;
        int h = 1;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        StringBuilder line = new StringBuilder();
        boolean kanji = false;
        for (int i = 0; i < b.length; ) {
            int c = b[i] & 0xFF;
            if (kanji) {
                if (c == 0x1C && i + 1 < b.length && b[i + 1] == '.') {
                    line.append(new String(text.toByteArray(), GB18030));
                    text.reset();
                    kanji = false;
                    i += 2;
                } else {
                    text.write(c);
                    i++;
                }
                continue;
            }
            switch (c) {
                case 0x1B -> {
                    int op = b[i + 1];
                    if (op == '@') {
                        init = true;
                        i += 2;
                    } else if (op == 'a' || op == 'E' || op == 'd') {
                        i += 3;
                    } else {
                        throw new IllegalArgumentException("unknown ESC " + op + " at " + i);
                    }
                }
                case 0x1D -> {
                    int op = b[i + 1];
                    if (op == '!') {
                        int n = b[i + 2] & 0xFF;
                        w = (n >> 4) + 1;
                        h = (n & 0x0F) + 1;
                        i += 3;
                    } else if (op == 'V') {
                        cuts++;
                        i += 4;
                    } else if (op == '(' && b[i + 2] == 'k') {
                        int len = (b[i + 3] & 0xFF) | ((b[i + 4] & 0xFF) << 8);
                        int fn = b[i + 6] & 0xFF;
                        if (fn == 0x50) {
                            qr.add(new String(b, i + 8, len - 3, StandardCharsets.US_ASCII));
                        }
                        i += 5 + len;
                    } else {
                        throw new IllegalArgumentException("unknown GS " + op + " at " + i);
                    }
                }
                case 0x1C -> {
                    if (b[i + 1] != '&') {
                        throw new IllegalArgumentException("unknown FS " + b[i + 1] + " at " + i);
                    }
                    kanji = true;
                    i += 2;
                }
                case 0x0A -> {
                    lines.add(new Line(line.toString(), w, h));
                    line.setLength(0);
                    i++;
                }
                default -> {
                    if (c >= 0x80 || c < 0x20) {
                        throw new IllegalArgumentException("byte 0x" + Integer.toHexString(c) + " outside FS & at " + i);
                    }
                    line.append((char) c);
                    i++;
                }
            }
        }
        return new Job(lines, qr, cuts, init);
    }
}
