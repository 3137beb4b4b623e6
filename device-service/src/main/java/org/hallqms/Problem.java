package org.hallqms;

/**
 * Every refusal the service can give, with its HTTP status and the stable problem type clients and devices
 * rely on. The type is {@code urn:qms:problem:<slug>}; the slug is also the MQTT ack error code family.
 */
public enum Problem {
    MALFORMED_JSON(400, "malformed-json", "The body is not valid JSON"),
    INVALID_REQUEST(400, "invalid-request", "A field is missing or has the wrong type or value"),
    BODY_TOO_LARGE(413, "body-too-large", "The body is larger than 64 KiB"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be application/json"),
    UNAUTHORIZED(401, "unauthorized", "A valid bearer token is required"),
    TOKEN_EXPIRED(401, "token-expired", "The token was rotated out and has expired"),
    TOO_MANY_FAILURES(429, "too-many-failures", "Too many failed credentials from this address; wait and retry"),
    HTTPS_REQUIRED(403, "https-required", "Token routes are served over HTTPS only"),
    PERSONAL_ID(422, "personal-id-refused", "A full ID-card number was sent; the hall never takes one"),
    CURSOR_BEYOND_HEAD(409, "cursor-beyond-head", "The cursor is past the end of the hall's event log"),
    WRONG_PIN(401, "wrong-pin", "Police number or PIN is wrong"),
    OFFICER_LOCKED(423, "officer-locked", "Too many wrong PINs; this officer is locked for a while"),
    FORBIDDEN_CHANNEL(403, "forbidden-channel", "This channel needs the admin token"),
    NOT_FOUND(404, "not-found", "No such resource"),
    UNKNOWN_SERVICE(404, "unknown-service", "No such service in the catalogue"),
    UNKNOWN_COUNTER(404, "unknown-counter", "No such counter in the catalogue"),
    UNKNOWN_TICKET(404, "unknown-ticket", "No such ticket today"),
    UNKNOWN_CALL(404, "unknown-call", "No such call"),
    SERVICE_CLOSED(409, "service-closed", "The service is not taking tickets now"),
    SERVICE_FULL(409, "service-full", "The service has reached its daily cap"),
    COUNTER_CLOSED(409, "counter-closed", "No officer is logged in at this counter"),
    COUNTER_PAUSED(409, "counter-paused", "The counter is paused"),
    COUNTER_OCCUPIED(409, "counter-occupied", "Another officer is logged in at this counter; log in with takeover to replace them"),
    COUNTER_BUSY(409, "counter-busy", "The counter still has a current ticket"),
    NO_CURRENT_TICKET(409, "no-current-ticket", "The counter has no current ticket"),
    QUEUE_EMPTY(409, "queue-empty", "No ticket is waiting for this counter"),
    TICKET_STATE(409, "ticket-state", "The action is not allowed in the ticket's state"),
    RECALL_LIMIT(409, "recall-limit", "The ticket has been recalled as often as allowed"),
    UNKNOWN_APPOINTMENT(404, "unknown-appointment", "No appointment has this code"),
    APPOINTMENT_USED(409, "appointment-used", "This appointment has already been checked in"),
    APPOINTMENT_CANCELLED(409, "appointment-cancelled", "This appointment was cancelled"),
    APPOINTMENT_TOO_EARLY(409, "appointment-too-early", "It is too early to check in for this appointment"),
    APPOINTMENT_TOO_LATE(409, "appointment-too-late", "The check-in window of this appointment has passed"),
    APPOINTMENTS_INVALID(422, "appointments-invalid", "The appointments are not valid"),
    UNKNOWN_ALARM(404, "unknown-alarm", "No such active alarm"),
    UNKNOWN_CASE(404, "unknown-case", "No such case"),
    CASE_STATE(409, "case-state", "The case's state does not allow this action"),
    CASE_TEXT(422, "case-text-invalid", "The text is empty or longer than 500 characters"),
    UNKNOWN_DEVICE(404, "unknown-device", "No such device in the catalogue"),
    TOO_MANY_COMPLAINTS(429, "too-many-complaints", "Too many complaints are open; the duty officer is on the way"),
    CATALOG_INVALID(422, "catalog-invalid", "The catalogue is not valid"),
    DEVICE_CONFIG_INVALID(422, "device-config-invalid", "The device files in display-firmware-config are not valid"),
    CATALOG_CONFLICT(409, "catalog-conflict", "The catalogue would remove something still in use"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed on this route"),
    STORE_UNAVAILABLE(503, "store-unavailable", "The database cannot take writes right now"),
    DISK_FULL(503, "disk-full", "The disk of the data directory is full; nothing was written"),
    INTERNAL(500, "internal", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    Problem(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String type() {
        return "urn:qms:problem:" + slug;
    }

    public String title() {
        return title;
    }

    public QmsException exception(String detail) {
        return new QmsException(this, detail);
    }
}
