/**
 * The HTTP API v1 on Javalin: kiosk, counter, admin and ops routes, bearer tokens, strict body reading, and the
 * one place where refusals become RFC 9457 problem+json; the hall's pages served from the jar, and the live
 * server-sent events they follow (with their per-address limits); HTTPS-only rules for credentials.
 */
package org.hallqms.http;
