/**
 * The HTTP API v1 on Javalin, grouped by who calls it: {@link org.hallqms.http.KioskRoutes} (kiosk, wall board,
 * phones), {@link org.hallqms.http.CounterRoutes} (window console), {@link org.hallqms.http.AdminRoutes},
 * {@link org.hallqms.http.StationRoutes} (the station's sync puller) and {@link org.hallqms.http.OpsRoutes}
 * (health, metrics). Each route declares one {@link org.hallqms.http.Role}, enforced in one place
 * ({@link org.hallqms.http.Access}); refusals become RFC 9457 problem+json in one place
 * ({@link org.hallqms.http.Problems}). Also: bearer tokens, strict body reading, HTTPS-only rules for credentials,
 * the hall's pages served from the jar, and the live server-sent events they follow ({@link org.hallqms.http.Live}:
 * the committed typed events as a wall may show them, with per-address limits).
 */
package org.hallqms.http;
