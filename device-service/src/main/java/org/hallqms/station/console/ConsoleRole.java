package org.hallqms.station.console;

import io.javalin.security.RouteRole;

/** Who may call a console route: each route declares exactly one, and {@link ConsoleHttp} enforces it first. */
enum ConsoleRole implements RouteRole {
    /** Pages and their assets: they hold no data; the data comes from {@link #USER} routes. */
    PUBLIC,
    /** The login page: sent to HTTPS when it is configured. */
    LOGIN_PAGE,
    /**
     * {@code POST /api/v1/login} (a password in the body) and {@code /logout} (the session, live or not): refused
     * over plain HTTP from the network with HTTPS on.
     */
    LOGIN,
    /** A logged-in user's session: {@code Authorization: Bearer} or the session cookie. */
    USER
}
