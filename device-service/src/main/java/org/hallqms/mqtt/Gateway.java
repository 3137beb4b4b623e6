package org.hallqms.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.hallqms.PersonalId;
import org.hallqms.QmsException;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.device.DevicePresence;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingRefused;
import org.hallqms.rating.RatingService;
import org.hallqms.store.Json;
import org.hallqms.ticket.CounterCommand;
import org.hallqms.ticket.TicketEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device message passes here: checked (size, UTF-8, JSON object, field types, topic levels), deduplicated
 * by message id, handled, and answered on the device's ack topic. Nothing a device sends escapes as an
 * exception: a bad message is counted, logged at most every 10 s per device, and changes nothing.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    static final int MAX_PAYLOAD = 8 * 1024;
    private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final java.util.Set<String> ACTIONS = java.util.Set.of("next", "recall", "start", "finish",
            "no-show", "pause", "resume");

    private final CatalogService catalog;
    private final TicketEngine engine;
    private final MqttLink link;
    private final DevicePresence presence;
    private final RatingService ratings;
    private final Map<String, byte[]> refusals = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> e) {
                    return size() > 10_000;
                }
            });
    private final Map<String, Long> lastWarn = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    // Lanes mostly wait for their group commit; 32 let a burst of ratings share commits (2,000/s measured
    // with 100 evaluators at once). Paho's own thread only hands over.
    private final DeviceLanes lanes = new DeviceLanes(32, 1_000);

    public Gateway(CatalogService catalog, TicketEngine engine, RatingService ratings, MqttLink link,
                   DevicePresence presence) {
        this.catalog = catalog;
        this.engine = engine;
        this.ratings = ratings;
        this.link = link;
        this.presence = presence;
        link.onMessage((topic, payload) -> {
            Topics.Inbound in = link.topics().parse(topic);
            lanes.execute(in == null ? null : in.device(), () -> handle(topic, payload));
        });
    }

    /** Counters for /health. */
    public Map<String, Object> stats() {
        return Map.of("received", received.get(), "rejected", rejected.get());
    }

    void handle(String topic, byte[] payload) {
        received.incrementAndGet();
        Topics.Inbound in = link.topics().parse(topic);
        if (in == null || !Topics.LEVEL.matcher(in.device()).matches()) {
            // No device id we could answer to.
            reject("?", "topic '" + printable(topic) + "' is not a device topic of contract v1", null);
            return;
        }
        String device = in.device();
        String id = null;
        try {
            JsonNode msg;
            try {
                msg = parse(payload);
            } catch (DeviceRefusal r) {
                // Broken JSON may still show its id: echoing it lets the device match the ack to its message.
                id = in.kind().equals("state") ? null : sniffId(payload);
                throw r;
            }
            if (!in.kind().equals("state")) {
                JsonNode idNode = msg.get("id");
                if (idNode == null || !idNode.isTextual() || !MSG_ID.matcher(idNode.asText()).matches()) {
                    throw new DeviceRefusal("malformed", "id: must be a string of 1 to 64 letters, digits or . _ : -");
                }
                id = idNode.asText();
            }
            JsonNode v = msg.get("v");
            if (v != null && !(v.isInt() && v.asInt() == 1)) {
                throw new DeviceRefusal("malformed", "v: this service speaks contract version 1");
            }
            Catalog.Device d = catalog.current().devices().stream().filter(x -> x.id().equals(device)).findFirst()
                    .orElseThrow(() -> new DeviceRefusal("unknown_device", "device '" + device + "' is not in the catalogue"));
            // Only catalogue devices: ids made up by a faulty or hostile sender must not grow this map.
            presence.seen(device);
            switch (in.kind()) {
                case "state" -> state(device, msg);
                case "rating" -> answer(device, id, () -> {
                    requireKind(d, "evaluator");
                    return rate(d, msgId(msg), msg);
                });
                case "command" -> answer(device, id, () -> {
                    requireKind(d, "caller");
                    return command(d, msgId(msg), msg);
                });
                default -> throw new DeviceRefusal("malformed", "unknown message kind");
            }
        } catch (DeviceRefusal r) {
            reject(device, r.code() + ": " + r.getMessage(), id);
            byte[] ack = Acks.error(id, r.code(), r.getMessage());
            if (id != null) {
                refusals.put(device + "\n" + id, ack);
            }
            link.publish(link.topics().ack(device), ack, false);
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            log.error("device {}: message on {} failed", device, topic, e);
            link.publish(link.topics().ack(device), Acks.error(id, "internal", "the service could not handle this message"),
                    false);
        }
    }

    private static String msgId(JsonNode msg) {
        return msg.get("id").asText();
    }

    private interface Answer {
        byte[] get();
    }

    /** Replays the first answer to a repeated id; otherwise handles the message and publishes its ack. */
    private void answer(String device, String id, Answer handler) {
        // A refused id is remembered in memory; an accepted one is stored with its effect and found again in the
        // same transaction as the effect would be (Acks.once).
        byte[] first = refusals.get(device + "\n" + id);
        byte[] ack = first != null ? first : handler.get();
        link.publish(link.topics().ack(device), ack, false);
    }

    private void state(String device, JsonNode msg) {
        String state = text(msg, "state", 16, true);
        if (!DevicePresence.STATES.contains(state)) {
            throw new DeviceRefusal("malformed", "state: must be one of init, ready, lost");
        }
        presence.report(device, state, text(msg, "kind", 32, false), text(msg, "fw", 64, false));
    }

    /** An evaluator's rating: its shape is checked here, the rating itself by the rating service. */
    private byte[] rate(Catalog.Device d, String id, JsonNode msg) {
        String session = msg.hasNonNull("session") && msg.get("session").isTextual() ? msg.get("session").asText() : null;
        if (session == null || session.length() > 64) {
            throw new DeviceRefusal("malformed", "session: required, the id from the session topic");
        }
        JsonNode lv = msg.get("level");
        if (lv == null || !lv.isNumber()) {
            throw new DeviceRefusal("malformed", "level: required, a whole number from 1 to 5");
        }
        JsonNode rs = msg.get("reasons");
        if (rs != null && !rs.isNull() && !rs.isArray()) {
            throw new DeviceRefusal("malformed", "reasons: must be a list of reason codes");
        }
        List<String> reasons = new ArrayList<>();
        if (rs != null && rs.isArray()) {
            for (JsonNode r : rs) {
                if (!r.isTextual() || r.asText().length() > 32) {
                    throw new DeviceRefusal("malformed", "reasons: each must be a reason code string");
                }
                reasons.add(r.asText());
            }
        }
        // 2.5 or 1e10 is no level: 0 is refused as out of range like them, in the same turn.
        int level = lv.canConvertToInt() && lv.asDouble() == lv.asInt() ? lv.asInt() : 0;
        try {
            return ratings.rate(new Rate(d.id(), session, level, reasons, id), Acks.once(d.id(), id));
        } catch (RatingRefused r) {
            throw new DeviceRefusal(AckCodes.of(r.why()), r.getMessage());
        }
    }

    private static void requireKind(Catalog.Device d, String kind) {
        if (!d.kind().equals(kind)) {
            throw new DeviceRefusal("unknown_device", "device '" + d.id() + "' is a " + d.kind() + ", not a device of kind "
                    + kind);
        }
        if (d.counter() == null) {
            throw new DeviceRefusal("not_bound", "device '" + d.id() + "' is bound to no counter");
        }
    }

    private byte[] command(Catalog.Device d, String id, JsonNode msg) {
        String action = text(msg, "action", 16, true);
        if (!ACTIONS.contains(action)) {
            throw new DeviceRefusal("malformed", "action: must be one of next, recall, start, finish, no-show, pause, resume");
        }
        try {
            return engine.counters().applyOnce(d.counter(), new CounterCommand.AtCounter(), CounterCommand.ofKeypad(action),
                    Acks.once(d.id(), id));
        } catch (QmsException e) {
            throw new DeviceRefusal(AckCodes.of(e.problem()), e.getMessage());
        }
    }

    private static final Pattern SNIFF_ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9._:-]{1,64})\"");

    private static String sniffId(byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
            return null;
        }
        java.util.regex.Matcher m = SNIFF_ID.matcher(new String(payload, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    private static JsonNode parse(byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
            throw new DeviceRefusal("malformed", "payload is " + payload.length + " bytes; at most " + MAX_PAYLOAD);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new DeviceRefusal("malformed", "payload is not valid UTF-8");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new DeviceRefusal("malformed", "payload is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new DeviceRefusal("malformed", "payload must be a JSON object");
        }
        PersonalId.in(n).ifPresent(where -> {
            throw new DeviceRefusal("personal_id", PersonalId.refusal(where));
        });
        return n;
    }

    /** A string field, checked for type and length; refused as malformed otherwise. */
    static String text(JsonNode msg, String field, int max, boolean required) {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new DeviceRefusal("malformed", field + ": required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > max) {
            throw new DeviceRefusal("malformed", field + ": must be a string of 1 to " + max + " characters");
        }
        return v.asText();
    }

    private void reject(String device, String why, String id) {
        rejected.incrementAndGet();
        long now = System.nanoTime();
        Long last = lastWarn.get(device);
        if (last == null || now - last > 10_000_000_000L) {
            if (lastWarn.size() > 1000) {
                lastWarn.clear();
            }
            lastWarn.put(device, now);
            log.warn("device {}: refused message{}: {}", device, id == null ? "" : " " + id, why);
        }
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void close() {
        lanes.close();
    }
}
