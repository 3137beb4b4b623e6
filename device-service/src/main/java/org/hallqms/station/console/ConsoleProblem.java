package org.hallqms.station.console;

/**
 * Every refusal of the console, with its HTTP status and the stable problem type pages and scripts rely on
 * ({@code urn:qms:problem:<slug>}, the hall's form).
 */
enum ConsoleProblem {
    MALFORMED_JSON(400, "malformed-json", "The body is not valid JSON"),
    INVALID_REQUEST(400, "invalid-request", "A field is missing or has the wrong type or value"),
    INVALID_DATE(400, "invalid-date", "A date must be written YYYY-MM-DD"),
    INVALID_RANGE(400, "invalid-range", "The range must run from an earlier day to a later one"),
    RANGE_TOO_LONG(400, "range-too-long", "A range may span at most 366 days"),
    BODY_TOO_LARGE(413, "body-too-large", "The body is larger than 64 KiB"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be application/json"),
    UNAUTHORIZED(401, "unauthorized", "Log in first"),
    LOGIN_FAILED(401, "login-failed", "User name or password is wrong"),
    LOGIN_THROTTLED(429, "login-throttled", "Too many failed logins; wait and retry"),
    OTHER_HALL(403, "other-hall", "A hall leader sees only their own hall"),
    HTTPS_REQUIRED(403, "https-required", "Credentials are accepted over HTTPS only"),
    CASE_TEXT(422, "case-text-invalid", "The text is empty or longer than 500 characters"),
    PERSONAL_ID(422, "personal-id-refused", "A full ID-card number was sent; the station never takes one"),
    UNKNOWN_HALL(404, "unknown-hall", "No such hall is configured"),
    NOT_FOUND(404, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed on this route"),
    STORE_UNAVAILABLE(503, "store-unavailable", "The station's database cannot be reached"),
    INTERNAL(500, "internal", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    ConsoleProblem(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    int status() {
        return status;
    }

    String type() {
        return "urn:qms:problem:" + slug;
    }

    String title() {
        return title;
    }

    Refusal refuse(String detail) {
        return new Refusal(this, detail);
    }

    /** A refused request: answered as problem+json, having changed nothing. */
    static final class Refusal extends RuntimeException {
        private final ConsoleProblem problem;

        Refusal(ConsoleProblem problem, String detail) {
            super(detail, null, false, false);
            this.problem = problem;
        }

        ConsoleProblem problem() {
            return problem;
        }
    }
}
