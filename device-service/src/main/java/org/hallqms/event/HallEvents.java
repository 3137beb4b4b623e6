package org.hallqms.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hallqms.store.Json;

/**
 * The one codec between {@link HallEvent} records and the {@code data} JSON of the log. {@link #encode} writes
 * exactly the bytes the version-1 producers wrote (the hash chain covers them); {@link #decode} reads any of
 * them back, ignoring keys it does not know.
 */
public final class HallEvents {
    private static final Map<String, Kind<?>> BY_TYPE = new HashMap<>();
    private static final Map<Class<?>, Kind<?>> BY_CLASS = new HashMap<>();

    static {
        Stream.of(TicketCodec.kinds(), CounterCodec.kinds(), HallCodec.kinds(), CaseCodec.kinds()).flatMap(List::stream).forEach(k -> {
            if (BY_TYPE.put(k.type(), k) != null || BY_CLASS.put(k.cls(), k) != null) {
                throw new IllegalStateException("event type " + k.type() + " registered twice");
            }
        });
    }

    private HallEvents() {
    }

    /** The event's data as canonical JSON: sorted keys, no spaces, the log's bytes. */
    public static String encode(HallEvent event) {
        return kind(event.getClass()).write(event);
    }

    /**
     * The record for a logged event.
     *
     * @throws IllegalArgumentException for a type no version of the hall writes, or data that is not its JSON
     */
    public static HallEvent decode(String type, String data) {
        Kind<?> k = BY_TYPE.get(type);
        if (k == null) {
            throw new IllegalArgumentException("unknown event type '" + type + "'");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(type + ": data is not JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(type + ": data is not a JSON object");
        }
        return k.reader().apply(new JsonIn(n));
    }

    /**
     * The {@code ticket} a logged event names when this version cannot read the event as a record (a type or a
     * value a newer hall writes): what a reader of old and new logs alike may still rely on. Empty when none.
     */
    public static String ticketOf(String data) {
        try {
            JsonNode n = Json.MAPPER.readTree(data);
            return n == null ? "" : n.path("ticket").asText();
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    /** Every type string the hall logs. */
    public static Set<String> types() {
        return Set.copyOf(BY_TYPE.keySet());
    }

    /** The type string of a record class. */
    public static String typeOf(Class<? extends HallEvent> cls) {
        return kind(cls).type();
    }

    private static Kind<?> kind(Class<?> cls) {
        Kind<?> k = BY_CLASS.get(cls);
        if (k == null) {
            throw new IllegalArgumentException("no codec for " + cls.getName());
        }
        return k;
    }
}
