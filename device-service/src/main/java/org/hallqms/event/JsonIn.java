package org.hallqms.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads one event's data leniently: a field absent or null reads as null (0 for numbers); unknown keys are ignored. */
final class JsonIn {
    private final JsonNode n;

    JsonIn(JsonNode n) {
        this.n = n;
    }

    JsonNode node(String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? null : v;
    }

    String str(String k) {
        JsonNode v = node(k);
        return v == null ? null : v.asText();
    }

    int integer(String k) {
        JsonNode v = node(k);
        return v == null ? 0 : v.asInt();
    }

    long longValue(String k) {
        JsonNode v = node(k);
        return v == null ? 0 : v.asLong();
    }

    Integer optInt(String k) {
        JsonNode v = node(k);
        return v == null ? null : v.asInt();
    }

    List<String> list(String k) {
        JsonNode v = node(k);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(v.size());
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    <E extends Enum<E> & Wire> E wire(Class<E> type, String k) {
        return Wire.parse(type, str(k));
    }

    LocalDate date(String k) {
        String s = str(k);
        return s == null ? null : LocalDate.parse(s);
    }

    OffsetDateTime time(String k) {
        String s = str(k);
        return s == null ? null : OffsetDateTime.parse(s);
    }
}
