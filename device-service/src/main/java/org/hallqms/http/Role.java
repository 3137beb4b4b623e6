package org.hallqms.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route: each route declares exactly one, and {@link Access} enforces it before the route runs.
 * With HTTPS configured, every credential here is refused over plain HTTP from the network (see {@link HttpsOnly}).
 */
enum Role implements RouteRole {
    /** Anyone on the hall network: kiosks, the wall board, phones, monitoring. */
    PUBLIC,
    /** A page where a credential is typed in (window console, admin page): sent to HTTPS when it is configured. */
    LOGIN_PAGE,
    /**
     * An officer's PIN in the body ({@code POST .../session}): the counter desk checks it and locks the officer
     * after too many wrong ones.
     */
    PIN,
    /**
     * The counter's officer session ({@code Authorization: Bearer}). An action checks it in its own transaction
     * (the counter desk), so a logout cannot slip between check and act; a read has no transaction and is checked
     * by {@link Access}.
     */
    OFFICER,
    /** The admin token ({@code Authorization: Bearer}). */
    ADMIN,
    /** The station's sync token, or the previous one until its rotation ends. */
    STATION,
    /** The admin token or the station's sync token: cases are answered at the hall or from the station's console. */
    ADMIN_OR_STATION
}
