package org.hallqms.station;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows for one {@code COPY … FROM STDIN} in PostgreSQL's text format, streamed in 64 KB chunks: a page of rows
 * goes to the server as one stream instead of a bound parameter set per row (binding and sending those was
 * most of the puller's time), and no page-sized buffer is built (those were most of its garbage collections).
 * The connection runs nothing else until {@link #finish()} or {@link #close()}.
 */
final class CopyRows implements AutoCloseable {
    private final Connection c;
    private final String copy;
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private boolean first = true;
    private CopyIn in;

    /** @param copy {@code COPY table(columns) FROM STDIN} */
    CopyRows(Connection c, String copy) {
        this.c = c;
        this.copy = copy;
    }

    /** A text value; null as {@code \N}. */
    CopyRows text(String s) throws SQLException {
        sep();
        if (s == null) {
            if (len + 2 > buf.length) {
                flush();
            }
            buf[len++] = '\\';
            buf[len++] = 'N';
            return this;
        }
        // Encoded straight into the chunk: a byte array per value was a sixth of the puller's garbage.
        for (int i = 0, n = s.length(); i < n; i++) {
            char ch = s.charAt(i);
            if (len + 4 > buf.length) {
                flush();
            }
            if (ch >= 0x80) {
                utf8(s, i, ch);
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                }
            } else if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                buf[len++] = '\\';
                buf[len++] = (byte) (ch == '\\' ? '\\' : ch == '\t' ? 't' : ch == '\n' ? 'n' : 'r');
            } else {
                buf[len++] = (byte) ch;
            }
        }
        return this;
    }

    /** One character from U+0080 up, as UTF-8; an unpaired surrogate as '?', as String.getBytes writes it. */
    private void utf8(String s, int i, char ch) {
        int cp = ch;
        if (Character.isSurrogate(ch)) {
            cp = Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    ? Character.toCodePoint(ch, s.charAt(i + 1)) : '?';
        }
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | cp >> 6);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | cp >> 12);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        }
    }

    CopyRows num(long n) throws SQLException {
        return text(Long.toString(n));
    }

    /** Any value by its {@code toString()} (dates, timestamps, boxed numbers); null as {@code \N}. */
    CopyRows value(Object o) throws SQLException {
        return text(o == null ? null : o.toString());
    }

    CopyRows end() throws SQLException {
        if (len == buf.length) {
            flush();
        }
        buf[len++] = '\n';
        first = true;
        return this;
    }

    private void sep() throws SQLException {
        if (!first) {
            if (len == buf.length) {
                flush();
            }
            buf[len++] = '\t';
        }
        first = false;
    }

    private void flush() throws SQLException {
        if (in == null) {
            in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
        }
        in.writeToCopy(buf, 0, len);
        len = 0;
    }

    /** Ends the COPY; returns the rows the server took. */
    long finish() throws SQLException {
        if (in == null && len == 0) {
            return 0;
        }
        flush();
        return in.endCopy();
    }

    /** Abandons a COPY not finished (an error on the way): the connection can run statements again. */
    @Override
    public void close() throws SQLException {
        if (in != null && in.isActive()) {
            in.cancelCopy();
        }
    }
}
