package org.hallqms.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one WAV form the hall uses: PCM, 16-bit, 16 kHz, mono. Reading refuses anything else with a sentence a
 * hall's IT person can act on (the sox command that converts a recording), never resamples by guess.
 */
final class Wav {
    static final int RATE = 16_000;
    static final String CONVERT = "sox IN.wav -r 16000 -c 1 -b 16 OUT.wav";
    private static final int HEADER = 44;

    private Wav() {
    }

    /** The samples of a WAV file; an {@link IllegalArgumentException} says what is wrong with it. */
    static short[] read(byte[] b) {
        if (b.length < 12 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WAVE")) {
            throw new IllegalArgumentException("not a WAV file (no RIFF/WAVE header)");
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        boolean fmt = false;
        while (pos + 8 <= b.length) {
            String id = new String(b, pos, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > b.length) {
                    throw new IllegalArgumentException("broken WAV header (fmt chunk of " + size + " bytes)");
                }
                int format = Short.toUnsignedInt(in.getShort(body));
                int channels = Short.toUnsignedInt(in.getShort(body + 2));
                int rate = in.getInt(body + 4);
                int bits = Short.toUnsignedInt(in.getShort(body + 14));
                if (format != 1) {
                    throw new IllegalArgumentException("not PCM (WAV format code " + format + "); save it as PCM "
                            + "16-bit, 16000 Hz, mono: " + CONVERT);
                }
                if (channels != 1) {
                    throw new IllegalArgumentException(channels + " channels; a clip must be mono: " + CONVERT);
                }
                if (rate != RATE) {
                    throw new IllegalArgumentException(rate + " Hz; a clip must be 16000 Hz: " + CONVERT);
                }
                if (bits != 16) {
                    throw new IllegalArgumentException(bits + "-bit samples; a clip must be 16-bit: " + CONVERT);
                }
                fmt = true;
            } else if (id.equals("data")) {
                if (!fmt) {
                    throw new IllegalArgumentException("broken WAV (data before its fmt chunk)");
                }
                int n = (int) Math.min(size, b.length - body) / 2;
                short[] s = new short[n];
                for (int i = 0; i < n; i++) {
                    s[i] = in.getShort(body + 2 * i);
                }
                return s;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IllegalArgumentException(fmt ? "no sound in it (WAV without a data chunk)"
                : "broken WAV (no fmt chunk)");
    }

    /** A WAV file of these samples. */
    static byte[] write(short[] samples) {
        int data = samples.length * 2;
        ByteBuffer out = ByteBuffer.allocate(HEADER + data).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        for (short s : samples) {
            out.putShort(s);
        }
        return out.array();
    }

    /** The samples as little-endian 16-bit PCM, as a javax.sound line takes them. */
    static byte[] pcm(short[] samples) {
        ByteBuffer out = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            out.putShort(s);
        }
        return out.array();
    }

    static double seconds(int samples) {
        return samples / (double) RATE;
    }

    /** Root mean square of {@code s[from, from+len)} relative to full scale (0..1). */
    static double rms(short[] s, int from, int len) {
        double sum = 0;
        for (int i = from; i < from + len; i++) {
            sum += (double) s[i] * s[i];
        }
        return len == 0 ? 0 : Math.sqrt(sum / len) / 32768.0;
    }

    static int peak(short[] s) {
        int p = 0;
        for (short v : s) {
            p = Math.max(p, Math.abs((int) v));
        }
        return p;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        return new String(b, at, 4, StandardCharsets.US_ASCII).equals(s);
    }
}
