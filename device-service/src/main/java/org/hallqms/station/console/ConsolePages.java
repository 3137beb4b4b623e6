package org.hallqms.station.console;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's pages ({@code web/station/*.html}) and their scripts and styles ({@code web/assets/station*}),
 * served from the jar. Scripts only from this origin: the Content-Security-Policy allows nothing inline, and
 * the scripts put server text into the page only as text.
 */
final class ConsolePages {
    static final List<String> PAGES = List.of("login", "halls", "day", "cases", "officers", "reports");
    private static final Pattern ASSET = Pattern.compile("station[a-z0-9-]{0,40}\\.(js|css)");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void register(JavalinDefaultRoutingApi r) {
        r.get("/", ctx -> ctx.redirect("/halls", HttpStatus.FOUND), ConsoleRole.PUBLIC);
        for (String p : PAGES) {
            // each page asks for or uses a session: with HTTPS on, it is opened over HTTPS
            r.get("/" + p, ctx -> page(ctx, p), ConsoleRole.LOGIN_PAGE);
        }
        r.get("/assets/{file}", this::asset, ConsoleRole.PUBLIC);
    }

    private void page(Context ctx, String name) {
        ctx.header("Content-Security-Policy", CSP).header("Cache-Control", "no-cache");
        ctx.status(200).contentType("text/html; charset=utf-8").result(file("/web/station/" + name + ".html"));
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] b = ASSET.matcher(name).matches() ? file("/web/assets/" + name) : null;
        if (b == null) {
            throw ConsoleProblem.NOT_FOUND.refuse("no asset '" + (name.length() > 60 ? name.substring(0, 60) + "…" : name)
                    + "'");
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.status(200).contentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
                .result(b);
    }

    private byte[] file(String path) {
        return cache.computeIfAbsent(path, p -> {
            try (InputStream in = ConsolePages.class.getResourceAsStream(p)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
