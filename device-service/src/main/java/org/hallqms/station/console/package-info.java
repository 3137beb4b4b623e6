/**
 * The station console (design §11, issue 18), run as {@code device-service.jar station}: the pages and JSON API
 * that the station's people use over the halls' pulled data, which they read only through
 * {@link org.hallqms.station.StationView}. {@code StationArgs} and {@code StationConsole} start it;
 * {@code ConsoleHttp} is the Javalin app (HTTPS from PEM, every route with one {@code ConsoleRole});
 * {@code Logins}, {@code LoginThrottle}, {@code Passwords} and {@code Users} (owner of {@code qms_console_users}
 * and {@code qms_console_sessions}, schema {@code db/station/V3.sql}) are who may log in; {@code DataRoutes} serve
 * the figures, limited to a hall leader's hall; {@code StationUserArgs} is {@code station-user add} and
 * {@code station-user remove}.
 */
package org.hallqms.station.console;
