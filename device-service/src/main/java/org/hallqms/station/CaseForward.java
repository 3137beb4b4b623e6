package org.hallqms.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hallqms.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A console user's case action, forwarded to the case's hall with the station token (cases contract). The
 * station writes nothing itself: the hall logs the action and the station's copy changes when that event comes
 * back through the feed, pulled at once after a success.
 */
final class CaseForward {
    private static final Logger log = LoggerFactory.getLogger(CaseForward.class);
    static final String UNKNOWN_HALL = "urn:qms:problem:unknown-hall";
    static final String UNKNOWN_CASE = "urn:qms:problem:unknown-case";
    static final String HALL_UNREACHABLE = "urn:qms:problem:hall-unreachable";
    static final String HALL_GARBAGE = "urn:qms:problem:hall-bad-answer";
    static final String HALL_TIMEOUT = "urn:qms:problem:hall-timeout";
    static final String HALL_BROKEN = "urn:qms:problem:hall-broken";
    /** Case ids as the hall makes them ("C20261129-007"); anything else cannot be one, and never reaches a URL. */
    private static final Pattern CASE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,39}");

    private final Map<String, HallLoop> loops;
    private final ZoneId zone;

    CaseForward(Map<String, HallLoop> loops, ZoneId zone) {
        this.loops = loops;
        this.zone = zone;
    }

    StationView.CaseRow act(String hall, String caseId, StationView.CaseAction action, String by) {
        HallLoop loop = hall == null ? null : loops.get(hall);
        if (loop == null) {
            throw new StationView.CaseActionRefused(404, UNKNOWN_HALL, "no hall " + hall + " is configured");
        }
        if (caseId == null || !CASE_ID.matcher(caseId).matches()) {
            throw new StationView.CaseActionRefused(404, UNKNOWN_CASE, "no case " + caseId + " at hall " + hall);
        }
        String broken = loop.brokenReason();
        if (broken != null) {
            // the hall would log it, but the station pulls nothing past the break: the console would never show it
            throw new StationView.CaseActionRefused(409, HALL_BROKEN, "hall " + hall + "'s log no longer verifies ("
                    + broken + "), so the station no longer pulls it and would never show this action; explain the "
                    + "hall's log first (README: after 链断裂), or answer the case at the hall itself");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        String verb;
        if (action instanceof StationView.CaseAction.Callback cb) {
            verb = "callback";
            body.put("note", cb.note());
        } else if (action instanceof StationView.CaseAction.Resolve r) {
            verb = "resolve";
            body.put("reply", r.reply());
            if (r.note() != null) {
                body.put("note", r.note());
            }
        } else if (action instanceof StationView.CaseAction.Dismiss d) {
            verb = "dismiss";
            body.put("reason", d.reason());
        } else {
            throw new IllegalArgumentException("no case action " + action);
        }
        if (by != null && !by.isBlank()) {
            body.put("by", by);
        }
        String answer;
        try {
            answer = loop.client.post("/api/v1/cases/" + caseId + "/" + verb, body.toString());
        } catch (HallClient.Refused e) {
            throw refused(hall, e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (HallClient.notSent(e)) {
                log.warn("station: hall {}: case {} {} not forwarded: {}", hall, caseId, verb, e.toString());
                throw new StationView.CaseActionRefused(503, HALL_UNREACHABLE, "hall " + hall + " is unreachable: "
                        + why);
            }
            log.warn("station: hall {}: case {} {} sent, no answer: {}", hall, caseId, verb, e.toString());
            throw perhapsTaken(hall, caseId, verb, why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw perhapsTaken(hall, caseId, verb, "the station is stopping");
        }
        loop.pullSoon();
        try {
            return row(hall, Json.MAPPER.readTree(answer));
        } catch (IOException | RuntimeException e) {
            // The hall did take the action (it answered 2xx): say so, the feed brings the case soon.
            throw new StationView.CaseActionRefused(502, HALL_GARBAGE, "hall " + hall + " accepted the " + verb
                    + " of case " + caseId + " but its answer is not a case: " + e.getMessage());
        }
    }

    /** Sent, but no answer: the hall may have logged it (a frozen hall applies it when it wakes). */
    private static StationView.CaseActionRefused perhapsTaken(String hall, String caseId, String verb, String why) {
        return new StationView.CaseActionRefused(504, HALL_TIMEOUT, "hall " + hall + " did not answer the " + verb
                + " of case " + caseId + " (" + why + "). It may have taken it: the case shows the change once it is "
                + "pulled from the hall. Sending the same text again is safe (the hall takes the same action once).");
    }

    private static StationView.CaseActionRefused refused(String hall, HallClient.Refused e) {
        String detail = e.getMessage().replaceFirst("^HTTP \\d+ ", "");
        int s = e.status;
        if (s == 401 || s == 403) {
            // the station's token, not the console user: the console's own 401/403 would mislead its user
            return new StationView.CaseActionRefused(502, e.type.isEmpty() ? HALL_GARBAGE : e.type,
                    "hall " + hall + " refused the station's token (HTTP " + s + "): " + detail);
        }
        if (s >= 400 && s < 500 && !e.type.isEmpty()) {
            return new StationView.CaseActionRefused(s, e.type, detail);
        }
        if (s == 503) {
            return new StationView.CaseActionRefused(503, HALL_UNREACHABLE, "hall " + hall + " is unavailable: " + detail);
        }
        return new StationView.CaseActionRefused(502, HALL_GARBAGE, "hall " + hall + " answered HTTP " + s + ": " + detail);
    }

    /** The hall's case JSON (cases contract: {id, kind, …, dismissReason}) as the console's row. */
    private StationView.CaseRow row(String hall, JsonNode j) throws IOException {
        if (!j.isObject() || !j.path("id").isTextual() || !j.path("state").isTextual()) {
            throw new IOException("no id or state");
        }
        List<String> reasons = new ArrayList<>();
        j.path("reasons").forEach(r -> reasons.add(r.asText()));
        return new StationView.CaseRow(hall, text(j, "id"), text(j, "kind"), text(j, "ticket"), text(j, "number"),
                text(j, "service"), text(j, "counter"), text(j, "officer"),
                j.path("level").canConvertToInt() ? j.path("level").asInt() : null, List.copyOf(reasons),
                time(j, "openedAt"), time(j, "callbackDue"), time(j, "resolveDue"), text(j, "state"),
                j.path("overdue").asBoolean(false), time(j, "calledBackAt"), time(j, "closedAt"), text(j, "reply"),
                text(j, "note"), text(j, "dismissReason"));
    }

    private static String text(JsonNode j, String key) {
        JsonNode v = j.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private OffsetDateTime time(JsonNode j, String key) throws IOException {
        String s = text(j, key);
        try {
            return s == null ? null : OffsetDateTime.parse(s).atZoneSameInstant(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new IOException(key + " is not a date-time: " + s);
        }
    }
}
