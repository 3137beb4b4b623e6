package org.hallqms.station.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hallqms.PersonalId;
import org.hallqms.store.Json;

/** A request's JSON object body, read with a size cap, with text fields refused by name. */
final class ConsoleBody {
    static final int MAX_BYTES = 64 * 1024;
    private final JsonNode root;

    private ConsoleBody(JsonNode root) {
        this.root = root;
    }

    static ConsoleBody of(Context ctx) {
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw ConsoleProblem.INVALID_REQUEST.refuse("the body could not be read");
        }
        if (bytes.length > MAX_BYTES) {
            throw ConsoleProblem.BODY_TOO_LARGE.refuse("the body is larger than " + MAX_BYTES + " bytes");
        }
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return new ConsoleBody(Json.MAPPER.createObjectNode());
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ConsoleProblem.UNSUPPORTED_MEDIA_TYPE.refuse("send the body as application/json");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ConsoleProblem.MALFORMED_JSON.refuse("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConsoleProblem.MALFORMED_JSON.refuse("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ConsoleProblem.INVALID_REQUEST.refuse("the body must be a JSON object");
        }
        PersonalId.in(node).ifPresent(where -> {
            throw ConsoleProblem.PERSONAL_ID.refuse(PersonalId.refusal(where));
        });
        return new ConsoleBody(node);
    }

    /** The field's text (stripped), null when absent; refused when not a string of 1..max characters. */
    String text(String field, int max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
            throw ConsoleProblem.INVALID_REQUEST.refuse(field + ": must be text of 1 to " + max + " characters");
        }
        return v.asText().strip();
    }

    /** Text as typed, spaces kept (a password); refused when missing or longer than {@code max}. */
    String exact(String field, int max) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
            throw ConsoleProblem.INVALID_REQUEST.refuse(field + ": required, text of 1 to " + max + " characters");
        }
        return v.asText();
    }

    String required(String field, int max) {
        String v = text(field, max);
        if (v == null) {
            throw ConsoleProblem.INVALID_REQUEST.refuse(field + ": required, text of 1 to " + max + " characters");
        }
        return v;
    }

    /**
     * A case's reply, note or reason, refused as the hall refuses it (so the console speaks one language whether
     * the station or the hall says no): not text is {@code invalid-request}; missing when required, empty or longer
     * than {@code max} once stripped is {@code case-text-invalid}. Null when absent and not required.
     */
    String caseText(String field, int max, boolean required) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ConsoleProblem.CASE_TEXT.refuse(field + ": required, 1 to " + max + " characters");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ConsoleProblem.INVALID_REQUEST.refuse(field + ": must be text");
        }
        String s = v.asText().strip();
        if (s.isEmpty() || s.length() > max) {
            throw ConsoleProblem.CASE_TEXT.refuse(field + ": required, 1 to " + max + " characters");
        }
        return s;
    }
}
