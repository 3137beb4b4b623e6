package org.hallqms.print;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A thin ESC/POS writer: exactly the commands a ticket needs. Chinese goes as GB18030 bytes inside
 * {@code FS &} … {@code FS .}; a character no receipt font has (outside GB18030's one- and two-byte part, an
 * emoji say) is printed as □, never sent as four bytes the printer would show as garbage.
 */
final class EscPos {
    static final byte ESC = 0x1B;
    static final byte GS = 0x1D;
    static final byte FS = 0x1C;
    static final byte LF = 0x0A;
    static final Charset GB18030 = Charset.forName("GB18030");
    static final String REPLACEMENT = "□";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);

    EscPos init() {
        return raw(ESC, '@');
    }

    /** 0 left, 1 centre, 2 right. */
    EscPos align(int a) {
        return raw(ESC, 'a', a);
    }

    /** Character magnification, 1..8 each way. */
    EscPos size(int width, int height) {
        return raw(GS, '!', ((width - 1) << 4) | (height - 1));
    }

    EscPos bold(boolean on) {
        return raw(ESC, 'E', on ? 1 : 0);
    }

    EscPos line(String text) {
        return text(text).raw(LF);
    }

    EscPos text(String text) {
        String printable = printable(text);
        boolean ascii = printable.chars().allMatch(c -> c < 0x80);
        if (ascii) {
            out.writeBytes(printable.getBytes(StandardCharsets.US_ASCII));
        } else {
            raw(FS, '&');
            out.writeBytes(printable.getBytes(GB18030));
            raw(FS, '.');
        }
        return this;
    }

    /** A QR code (model 2, error correction M) holding {@code data}, modules of {@code module} dots. */
    EscPos qr(String data, int module) {
        byte[] d = data.getBytes(StandardCharsets.US_ASCII);
        raw(GS, '(', 'k', 4, 0, 0x31, 0x41, 0x32, 0x00);
        raw(GS, '(', 'k', 3, 0, 0x31, 0x43, module);
        raw(GS, '(', 'k', 3, 0, 0x31, 0x45, 0x31);
        int len = d.length + 3;
        raw(GS, '(', 'k', len & 0xFF, (len >> 8) & 0xFF, 0x31, 0x50, 0x30);
        out.writeBytes(d);
        return raw(GS, '(', 'k', 3, 0, 0x31, 0x51, 0x30);
    }

    EscPos feed(int lines) {
        return raw(ESC, 'd', lines);
    }

    /** Feed to the cutter and cut, leaving a hinge (partial cut). */
    EscPos cut() {
        return raw(GS, 'V', 66, 0);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private EscPos raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** The text with every character a receipt font cannot have replaced by □. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        CharsetEncoder enc = GB18030.newEncoder();
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 && cp != '\t') {
                return; // control characters would be commands
            }
            String ch = new String(Character.toChars(cp));
            ByteBuffer bytes;
            try {
                bytes = enc.encode(CharBuffer.wrap(ch));
            } catch (java.nio.charset.CharacterCodingException e) {
                b.append(REPLACEMENT);
                return;
            }
            b.append(bytes.remaining() <= 2 ? ch : REPLACEMENT);
        });
        return b.toString();
    }

    /** Columns a string takes in the printer's font: a Chinese character two, ASCII one. */
    static int width(String text) {
        return org.hallqms.Columns.of(printable(text));
    }
}
