package org.hallqms.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.util.Set;
import org.hallqms.Problem;
import org.hallqms.counter.CounterDesk;

/**
 * The one {@code beforeMatched} handler: enforces the {@link Role} a route declares before the route runs. A
 * refused credential is a 401 problem, which {@link Problems} also counts against the client's address.
 */
final class Access implements Handler {
    private final AccessTokens tokens;
    private final HttpsOnly httpsOnly;
    private final CounterDesk desk;
    private final Live live;

    Access(AccessTokens tokens, HttpsOnly httpsOnly, CounterDesk desk, Live live) {
        this.tokens = tokens;
        this.httpsOnly = httpsOnly;
        this.desk = desk;
        this.live = live;
    }

    @Override
    public void handle(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.size() != 1 || !(roles.iterator().next() instanceof Role role)) {
            // fail closed: HttpApi checks at start that every route declares one role
            throw new IllegalStateException("route " + ctx.method() + " " + ctx.endpoint().path + " has roles " + roles);
        }
        switch (role) {
            case PUBLIC, PIN -> { }
            case LOGIN_PAGE -> {
                if (httpsOnly.redirected(ctx)) {
                    ctx.skipRemainingHandlers();
                }
            }
            case OFFICER -> {
                if (ctx.method().name().equals("GET")) {
                    String counter = Requests.counter(ctx);
                    if (!desk.holds(counter, Requests.bearer(ctx))) {
                        throw Problem.UNAUTHORIZED.exception("log in at counter " + counter + " first");
                    }
                }
            }
            case ADMIN -> {
                httpsOnly.require(ctx, "tokens");
                if (!tokens.isAdmin(Requests.bearer(ctx))) {
                    throw Problem.UNAUTHORIZED.exception("this route needs the admin token (Authorization: Bearer ...)");
                }
                live.known(ctx.ip());
            }
            case ADMIN_OR_STATION -> {
                httpsOnly.require(ctx, "tokens");
                if (tokens.isAdmin(Requests.bearer(ctx))) {
                    live.known(ctx.ip());
                } else {
                    station(ctx);
                }
            }
            case STATION -> {
                httpsOnly.require(ctx, "tokens");
                station(ctx);
            }
        }
    }

    /** The station's sync token, or the previous one until its rotation ends. */
    private void station(Context ctx) {
        switch (tokens.sync(Requests.bearer(ctx))) {
            case OK -> { }
            case EXPIRED -> throw Problem.TOKEN_EXPIRED.exception("this station token was rotated out and has "
                    + "expired; use the current QMS_SYNC_TOKEN");
            default -> throw Problem.UNAUTHORIZED.exception(ctx.routeRoles().contains(Role.ADMIN_OR_STATION)
                    ? "this route needs the admin token or the station sync token (Authorization: Bearer ...)"
                    : "this route needs the station sync token (Authorization: Bearer ...)");
        }
    }
}
