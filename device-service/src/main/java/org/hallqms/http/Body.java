package org.hallqms.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hallqms.PersonalId;
import org.hallqms.Problem;
import org.hallqms.store.Json;

/** A request's JSON object body, read with a size cap, and typed field access that refuses with the field's name. */
final class Body {
    static final int MAX_BYTES = 64 * 1024;
    static final int DRAIN_BYTES = 1024 * 1024;
    private final JsonNode root;

    private Body(JsonNode root) {
        this.root = root;
    }

    /** Reads the body; an empty body is an empty object, so body-less actions need no "{}". */
    static Body of(Context ctx) {
        long declared = ctx.contentLength();
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > MAX_BYTES) {
                drain(in);
                throw Problem.BODY_TOO_LARGE.exception("the body is " + declared + " bytes; at most " + MAX_BYTES);
            }
            bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                drain(in);
                throw Problem.BODY_TOO_LARGE.exception("the body is larger than " + MAX_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw Problem.INVALID_REQUEST.exception("the body could not be read");
        }
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new Body(JsonNodeFactory.instance.objectNode());
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw Problem.UNSUPPORTED_MEDIA_TYPE.exception("send the body as application/json, not "
                    + (type == null ? "an unnamed type" : type));
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Problem.MALFORMED_JSON.exception("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Problem.MALFORMED_JSON.exception("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw Problem.INVALID_REQUEST.exception("the body must be a JSON object");
        }
        PersonalId.in(node).ifPresent(where -> {
            throw Problem.PERSONAL_ID.exception(PersonalId.refusal(where));
        });
        return new Body(node);
    }

    /**
     * Reads and drops the rest of a too-large body (up to a bound), so the client, still sending, receives the
     * 413 instead of a reset connection. Past the bound the connection is closed anyway.
     */
    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_BYTES;
        byte[] sink = new byte[8192];
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
            left -= n;
        }
    }

    JsonNode root() {
        return root;
    }

    String requiredText(String field, int max, Pattern pattern, String rule) {
        String v = text(field, max, pattern, rule);
        if (v == null) {
            throw Problem.INVALID_REQUEST.exception(field + ": required, " + rule);
        }
        return v;
    }

    String text(String field, int max, Pattern pattern, String rule) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max
                || (pattern != null && !pattern.matcher(v.asText()).matches())) {
            throw Problem.INVALID_REQUEST.exception(field + ": must be " + rule);
        }
        return v.asText();
    }

    List<String> strings(String field, int maxItems, int maxLen) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw Problem.INVALID_REQUEST.exception(field + ": must be a list of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual() || s.asText().isBlank() || s.asText().length() > maxLen) {
                throw Problem.INVALID_REQUEST.exception(field + ": each entry must be a non-empty string of at most "
                        + maxLen + " characters");
            }
            out.add(s.asText().strip());
        }
        return out;
    }
}
