package org.hallqms.http;

import io.javalin.http.Context;
import io.nayuki.qrcodegen.QrCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hallqms.Problem;

/**
 * The hall's pages, served from the jar: {@code /kiosk}, {@code /counter/{id}}, {@code /board}, {@code /admin},
 * their scripts and styles under {@code /assets/}, and the QR code of a ticket's status page. Plain files, no
 * build step; scripts only from this origin (the Content-Security-Policy allows nothing inline), and server
 * text is only ever put into the page as text.
 */
final class Pages {
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(js|css|svg|mp3|wav)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "html", "text/html; charset=utf-8",
            "wav", "audio/wav", "mp3", "audio/mpeg");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; media-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    // Only files found in the jar are kept: a miss stores nothing, so any number of made-up names costs no memory.
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void page(Context ctx, String name) {
        ctx.header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-cache");
        ctx.status(200).contentType(TYPES.get("html")).result(file("/web/" + name + ".html"));
    }

    void asset(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] b = ASSET.matcher(name).matches() ? file("/web/assets/" + name) : null;
        if (b == null) {
            throw Problem.NOT_FOUND.exception("no asset '" + (name.length() > 60 ? name.substring(0, 60) + "…" : name)
                    + "'");
        }
        ctx.header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-cache");
        ctx.status(200).contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1))).result(b);
    }

    /** A call's sentence: the same for every board that asks, and it never changes. */
    static void wav(Context ctx, byte[] wav) {
        ctx.header("Cache-Control", "max-age=3600").header("X-Content-Type-Options", "nosniff")
                .status(200).contentType(TYPES.get("wav")).result(wav);
    }

    /** The status page's address as a QR code, drawn as SVG for the kiosk's screen. */
    static void qr(Context ctx, String url) {
        QrCode q = QrCode.encodeText(url, QrCode.Ecc.MEDIUM);
        int border = 2;
        int size = q.size + border * 2;
        StringBuilder b = new StringBuilder(8192);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(size).append(' ').append(size)
                .append("\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"");
        for (int y = 0; y < q.size; y++) {
            for (int x = 0; x < q.size; x++) {
                if (q.getModule(x, y)) {
                    b.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
                }
            }
        }
        b.append("\" fill=\"#000\"/></svg>");
        ctx.header("Cache-Control", "max-age=86400").status(200).contentType(TYPES.get("svg")).result(b.toString());
    }

    /** The file's bytes, or null when the jar has no such file (and then nothing is cached). */
    private byte[] file(String path) {
        // computeIfAbsent stores no mapping when the function returns null
        return cache.computeIfAbsent(path, p -> {
            try (InputStream in = Pages.class.getResourceAsStream(p)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How many files are cached: at most the jar's pages and assets, whatever was asked for. */
    int cached() {
        return cache.size();
    }
}
