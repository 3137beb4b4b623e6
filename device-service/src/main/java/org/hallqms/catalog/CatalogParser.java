package org.hallqms.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.catalog.Catalog.CounterDef;
import org.hallqms.catalog.Catalog.Device;
import org.hallqms.catalog.Catalog.Hall;
import org.hallqms.catalog.Catalog.Names;
import org.hallqms.catalog.Catalog.Officer;
import org.hallqms.catalog.Catalog.Reason;
import org.hallqms.catalog.Catalog.ServiceType;

/**
 * Turns a catalogue document into a {@link Catalog} plus the plain PINs it carried, or refuses it with every
 * problem named by its path ({@code services[2].prefix: ...}).
 */
final class CatalogParser {
    static final Set<String> DEVICE_KINDS = Set.of("window-screen", "main-board", "evaluator", "caller", "kiosk",
            "printer");
    private static final Set<String> BOUND_KINDS = Set.of("window-screen", "evaluator", "caller");
    private static final Pattern CODE = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern PREFIX = Pattern.compile("[A-Z]");
    private static final Pattern COUNTER_ID = Pattern.compile("[A-Za-z0-9-]{1,16}");
    private static final Pattern OFFICER_ID = Pattern.compile("[0-9A-Za-z]{4,16}");
    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]|24:00");

    record Parsed(Catalog catalog, Map<String, String> pins) {
    }

    private final List<String> errors = new ArrayList<>();

    static Parsed parse(JsonNode root) {
        return new CatalogParser().run(root);
    }

    private Parsed run(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid(List.of("(root): must be a JSON object"));
        }
        if (root.has("v") && (!root.get("v").isInt() || root.get("v").asInt() != 1)) {
            errors.add("v: must be 1");
        }
        JsonNode h = root.path("hall");
        Hall hall = new Hall(text(h, "hall", "name", true, 64), text(h, "hall", "notice", false, 200),
                text(h, "hall", "contact", false, 100));
        List<ServiceType> services = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        forEach(root, "services", true, (n, p) -> {
            ServiceType s = service(n, p);
            if (s != null) {
                if (!codes.add(s.code())) {
                    errors.add(p + ".code: '" + s.code() + "' is used twice");
                }
                if (!prefixes.add(s.prefix())) {
                    errors.add(p + ".prefix: '" + s.prefix() + "' is used by another service; numbers would clash");
                }
                services.add(s);
            }
        });
        List<CounterDef> counters = new ArrayList<>();
        Set<String> counterIds = new HashSet<>();
        forEach(root, "counters", true, (n, p) -> {
            String id = matching(n, p, "id", COUNTER_ID, "1 to 16 letters, digits or '-'");
            String name = text(n, p, "name", true, 32);
            List<String> served = strings(n, p, "services", false, 64, 32);
            for (int i = 0; i < served.size(); i++) {
                if (!served.get(i).equals("*") && !codes.contains(served.get(i))) {
                    errors.add(p + ".services[" + i + "]: no service '" + served.get(i) + "' in services");
                }
            }
            if (id != null && !counterIds.add(id)) {
                errors.add(p + ".id: '" + id + "' is used twice");
            }
            counters.add(new CounterDef(id, name, served.contains("*") ? List.of() : List.copyOf(served)));
        });
        List<Officer> officers = new ArrayList<>();
        Map<String, String> pins = new HashMap<>();
        forEach(root, "officers", false, (n, p) -> {
            String id = matching(n, p, "id", OFFICER_ID, "a police number of 4 to 16 letters or digits");
            String name = text(n, p, "name", true, 32);
            String role = text(n, p, "role", true, 16);
            if (role != null && !Set.of("officer", "auxiliary", "admin").contains(role)) {
                errors.add(p + ".role: '" + role + "' is not one of officer, auxiliary, admin");
            }
            JsonNode pin = n.get("pin");
            if (pin != null && !pin.isNull()) {
                if (!pin.isTextual() || !PIN.matcher(pin.asText()).matches()) {
                    errors.add(p + ".pin: must be a string of 4 to 12 digits");
                } else if (id != null) {
                    pins.put(id, pin.asText());
                }
            }
            if (id != null && officers.stream().anyMatch(o -> id.equals(o.id()))) {
                errors.add(p + ".id: '" + id + "' is used twice");
            }
            officers.add(new Officer(id, name, role));
        });
        List<Device> devices = new ArrayList<>();
        Set<String> deviceIds = new HashSet<>();
        forEach(root, "devices", false, (n, p) -> {
            String id = matching(n, p, "id", CODE, "1 to 32 characters of a-z, 0-9 and '-'");
            String kind = text(n, p, "kind", true, 32);
            String counter = text(n, p, "counter", false, 16);
            if (kind != null && !DEVICE_KINDS.contains(kind)) {
                errors.add(p + ".kind: '" + kind + "' is not one of " + String.join(", ", DEVICE_KINDS.stream().sorted().toList()));
            }
            if (kind != null && BOUND_KINDS.contains(kind) && counter == null) {
                errors.add(p + ".counter: a " + kind + " must name the counter it belongs to");
            }
            if (counter != null && !counterIds.contains(counter)) {
                errors.add(p + ".counter: no counter '" + counter + "' in counters");
            }
            if (id != null && !deviceIds.add(id)) {
                errors.add(p + ".id: '" + id + "' is used twice");
            }
            devices.add(new Device(id, kind, counter));
        });
        List<Reason> reasons = new ArrayList<>();
        forEach(root, "ratingReasons", false, (n, p) -> reasons.add(new Reason(
                matching(n, p, "code", CODE, "1 to 32 characters of a-z, 0-9 and '-'"), names(n.path("name"), p + ".name"))));
        List<Reason> incomplete = new ArrayList<>();
        forEach(root, "incompleteReasons", false, (n, p) -> incomplete.add(new Reason(
                matching(n, p, "code", CODE, "1 to 32 characters of a-z, 0-9 and '-'"), names(n.path("name"), p + ".name"))));
        if (!incomplete.isEmpty() && incomplete.stream().noneMatch(r -> Catalog.MISSING_MATERIAL.equals(r.code()))) {
            errors.add("incompleteReasons: must include 'missing-material', the reason of a finish with missing materials");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Parsed(new Catalog(1, hall, List.copyOf(services), List.copyOf(counters), List.copyOf(officers),
                List.copyOf(devices), List.copyOf(reasons),
                incomplete.isEmpty() ? Catalog.DEFAULT_INCOMPLETE_REASONS : List.copyOf(incomplete)), Map.copyOf(pins));
    }

    private ServiceType service(JsonNode n, String p) {
        String code = matching(n, p, "code", CODE, "1 to 32 characters of a-z, 0-9 and '-'");
        String prefix = matching(n, p, "prefix", PREFIX, "one capital letter A-Z");
        Names name = names(n.path("name"), p + ".name");
        List<String> materials = strings(n, p, "materials", false, 40, 60);
        int mean = integer(n, p, "meanServiceMinutes", 5, 1, 240);
        int target = integer(n, p, "waitTargetMinutes", 30, 1, 1440);
        int limit = integer(n, p, "timeLimitMinutes", 30, 1, 1440 * 60);
        int cap = integer(n, p, "dailyCap", 0, 0, 999);
        boolean green = n.has("greenChannel") && bool(n, p, "greenChannel");
        List<List<String>> hours = new ArrayList<>();
        JsonNode hs = n.get("hours");
        if (hs != null && !hs.isNull()) {
            if (!hs.isArray()) {
                errors.add(p + ".hours: must be a list of [\"HH:mm\", \"HH:mm\"] pairs");
            } else {
                for (int i = 0; i < hs.size(); i++) {
                    JsonNode pair = hs.get(i);
                    String hp = p + ".hours[" + i + "]";
                    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()
                            || !HHMM.matcher(pair.get(0).asText()).matches()
                            || !HHMM.matcher(pair.get(1).asText()).matches()) {
                        errors.add(hp + ": must be a pair of times like [\"08:30\", \"12:00\"]");
                    } else if (time(pair.get(0).asText()).compareTo(time(pair.get(1).asText())) >= 0
                            && !pair.get(1).asText().equals("24:00")) {
                        errors.add(hp + ": closes at or before it opens");
                    } else {
                        hours.add(List.of(pair.get(0).asText(), pair.get(1).asText()));
                    }
                }
            }
        }
        if (code == null || prefix == null || name == null) {
            return null;
        }
        return new ServiceType(code, prefix, name, List.copyOf(materials), mean, target, limit, cap,
                List.copyOf(hours), green);
    }

    static LocalTime time(String hhmm) {
        try {
            return hhmm.equals("24:00") ? LocalTime.MAX : LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            return LocalTime.MIDNIGHT;
        }
    }

    private Names names(JsonNode n, String p) {
        if (!n.isObject()) {
            errors.add(p + ": must be an object like {\"zh\": \"居民身份证\", \"en\": \"ID card\"}");
            return null;
        }
        String zh = text(n, p, "zh", true, 32);
        String en = text(n, p, "en", false, 64);
        return zh == null ? null : new Names(zh, en == null ? zh : en);
    }

    private void forEach(JsonNode root, String field, boolean required, Item item) {
        JsonNode a = root.get(field);
        if (a == null || a.isNull()) {
            if (required) {
                errors.add(field + ": required, a list with at least one entry");
            }
            return;
        }
        if (!a.isArray() || (required && a.isEmpty())) {
            errors.add(field + ": must be a list" + (required ? " with at least one entry" : ""));
            return;
        }
        if (a.size() > 500) {
            errors.add(field + ": more than 500 entries");
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            String p = field + "[" + i + "]";
            if (!a.get(i).isObject()) {
                errors.add(p + ": must be an object");
            } else {
                item.accept(a.get(i), p);
            }
        }
    }

    private String text(JsonNode n, String p, String field, boolean required, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(p + "." + field + ": required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
            errors.add(p + "." + field + ": must be a non-empty string of at most " + max + " characters");
            return null;
        }
        return v.asText().strip();
    }

    private String matching(JsonNode n, String p, String field, Pattern pattern, String rule) {
        String v = text(n, p, field, true, 64);
        if (v != null && !pattern.matcher(v).matches()) {
            errors.add(p + "." + field + ": '" + v + "' must be " + rule);
            return null;
        }
        return v;
    }

    private int integer(JsonNode n, String p, String field, int def, int min, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return def;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            errors.add(p + "." + field + ": must be a whole number from " + min + " to " + max);
            return def;
        }
        return v.asInt();
    }

    private boolean bool(JsonNode n, String p, String field) {
        JsonNode v = n.get(field);
        if (!v.isBoolean()) {
            errors.add(p + "." + field + ": must be true or false");
            return false;
        }
        return v.asBoolean();
    }

    private List<String> strings(JsonNode n, String p, String field, boolean required, int maxItems, int maxLen) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(p + "." + field + ": required");
            }
            return List.of();
        }
        if (!v.isArray() || v.size() > maxItems) {
            errors.add(p + "." + field + ": must be a list of at most " + maxItems + " strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode s = v.get(i);
            if (!s.isTextual() || s.asText().isBlank() || s.asText().length() > maxLen) {
                errors.add(p + "." + field + "[" + i + "]: must be a non-empty string of at most " + maxLen
                        + " characters");
            } else {
                out.add(s.asText().strip());
            }
        }
        return out;
    }

    private static QmsException invalid(List<String> errors) {
        return new QmsException(Problem.CATALOG_INVALID, errors.size() == 1 ? errors.get(0)
                : errors.size() + " problems, first: " + errors.get(0), Map.of("errors", List.copyOf(errors)));
    }

    @FunctionalInterface
    private interface Item {
        void accept(JsonNode node, String path);
    }
}
