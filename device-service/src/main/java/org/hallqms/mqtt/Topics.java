package org.hallqms.mqtt;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every topic of MQTT contract v1, under {@code qms/{station}}. docs/asyncapi.yaml lists the same set. */
public final class Topics {
    /** The contract's topic templates; checked against docs/asyncapi.yaml by a test. */
    public static final List<String> TEMPLATES = List.of(
            "qms/{station}/service/state",
            "qms/{station}/counters/{counter}/display",
            "qms/{station}/board",
            "qms/{station}/calls",
            "qms/{station}/devices/{device}/config",
            "qms/{station}/devices/{device}/state",
            "qms/{station}/devices/{device}/ack",
            "qms/{station}/evaluators/{device}/session",
            "qms/{station}/evaluators/{device}/rating",
            "qms/{station}/callers/{device}/command",
            "qms/{station}/alarms");

    static final Pattern LEVEL = Pattern.compile("[a-z0-9-]{1,32}");
    private final String root;
    private final Pattern inbound;

    public Topics(String station) {
        this.root = "qms/" + station + "/";
        this.inbound = Pattern.compile(Pattern.quote(root) + "(devices|evaluators|callers)/([^/]*)/(state|rating|command)");
    }

    public String serviceState() {
        return root + "service/state";
    }

    public String display(String counter) {
        return root + "counters/" + counter + "/display";
    }

    public String board() {
        return root + "board";
    }

    /** The active alarms (waiting targets, time limits, complaints), retained for the duty officer's screens. */
    public String alarms() {
        return root + "alarms";
    }

    public String calls() {
        return root + "calls";
    }

    public String config(String device) {
        return root + "devices/" + device + "/config";
    }

    public String ack(String device) {
        return root + "devices/" + device + "/ack";
    }

    public String session(String device) {
        return root + "evaluators/" + device + "/session";
    }

    /** The filters the service subscribes to. */
    public List<String> subscriptions() {
        return List.of(root + "devices/+/state", root + "evaluators/+/rating", root + "callers/+/command");
    }

    /** A device message's kind and device id; the id may be invalid and is checked by the caller. */
    record Inbound(String kind, String device) {
    }

    Inbound parse(String topic) {
        Matcher m = inbound.matcher(topic);
        if (!m.matches()) {
            return null;
        }
        String kind = switch (m.group(1) + "/" + m.group(3)) {
            case "devices/state" -> "state";
            case "evaluators/rating" -> "rating";
            case "callers/command" -> "command";
            default -> null;
        };
        return kind == null ? null : new Inbound(kind, m.group(2));
    }
}
