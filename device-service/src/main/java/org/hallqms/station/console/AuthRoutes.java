package org.hallqms.station.console;

import static org.hallqms.station.console.ConsoleHttp.json;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/login}, {@code POST /api/v1/logout}, {@code GET /api/v1/me}. */
final class AuthRoutes {
    private final Logins logins;
    private final int refreshSeconds;

    AuthRoutes(Logins logins, int refreshSeconds) {
        this.logins = logins;
        this.refreshSeconds = refreshSeconds;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.post("/api/v1/login", this::login, ConsoleRole.LOGIN);
        // no live session needed: an expired one still gets its cookie cleared
        r.post("/api/v1/logout", this::logout, ConsoleRole.LOGIN);
        r.get("/api/v1/me", ctx -> json(ctx, 200, me(ctx.attribute(ConsoleHttp.USER))), ConsoleRole.USER);
    }

    private void login(Context ctx) throws SQLException {
        ConsoleBody body = ConsoleBody.of(ctx);
        String user = body.exact("user", 64);
        String password = body.exact("password", Passwords.MAX_LENGTH);
        Logins.Session s = logins.login(user, password, ctx.ip());
        ctx.header("Cache-Control", "no-store");
        ctx.res().addHeader("Set-Cookie", cookie(s.token(), logins.sessionLength().toSeconds(), secure(ctx)));
        Map<String, Object> out = me(s.user());
        out.put("token", s.token());
        out.put("expiresAt", s.expires().toString());
        json(ctx, 200, out);
    }

    private void logout(Context ctx) throws SQLException {
        logins.logout(ConsoleHttp.token(ctx));
        ctx.res().addHeader("Set-Cookie", cookie("", 0, secure(ctx)));
        ctx.status(204);
    }

    private Map<String, Object> me(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", u.name());
        m.put("role", u.role().code);
        m.put("hall", u.hall());
        m.put("refreshSeconds", refreshSeconds);
        return m;
    }

    private static boolean secure(Context ctx) {
        return "https".equals(ctx.scheme());
    }

    /** HttpOnly so no script reads it; SameSite=Strict so no other site's page sends it (no cross-site actions). */
    static String cookie(String token, long maxAgeSeconds, boolean secure) {
        return ConsoleHttp.COOKIE + "=" + token + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }
}
