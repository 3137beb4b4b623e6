package org.hallqms.display;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hallqms.catalog.Catalog;
import org.hallqms.store.Json;

/**
 * The hall's device files, {@code display-firmware-config/devices/<id>.yaml}, checked as a whole: each file
 * against its kind's JSON Schema, then against the catalogue (bindings, reasons), then every template rendered
 * for every service and counter it can show, against the device's rows and characters and its font. Every
 * problem names the file, the field and what is wrong.
 */
public final class DeviceConfigs {
    public static final List<String> KINDS = List.of("window-screen", "main-board", "evaluator", "caller");
    static final String SCHEMA_BASE = "https://hallqms.org/device-schema/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern FILE = Pattern.compile("([a-z0-9-]{1,32})\\.yaml");
    private static final Pattern INDEX = Pattern.compile("/(\\d+)");
    private static volatile Map<String, Schema> schemas;

    /** A device file as read: its path from the folder, and its content. */
    public record Device(String id, String kind, String file, JsonNode node) {
        public String counter() {
            return node.path("counter").asText(null);
        }
    }

    private final Path dir;
    private final Map<String, Device> devices;
    private final List<String> warnings;

    private DeviceConfigs(Path dir, Map<String, Device> devices, List<String> warnings) {
        this.dir = dir;
        this.devices = devices;
        this.warnings = List.copyOf(warnings);
    }

    public static DeviceConfigs none() {
        return new DeviceConfigs(null, Map.of(), List.of());
    }

    /** How strict a load is. */
    public enum Mode {
        /** The build and {@code device-config check}: every problem refuses the folder. */
        BUILD,
        /**
         * The running service: a file that is itself wrong (YAML, schema, name) refuses the folder, but what only
         * stops fitting the catalogue (a new service's name too wide, a glyph missing, a binding to a removed
         * counter) is a warning, so a catalogue pushed by the station never keeps the hall from starting.
         */
        SERVICE,
        /** Making glyph lists and ESPHome files: as BUILD without the font check the glyph list is for. */
        GLYPHS
    }

    /**
     * Reads and checks {@code dir/devices/*.yaml} as the build does. A missing folder means no device configs.
     *
     * @throws DeviceConfigException with one line per problem, when any file is wrong
     */
    public static DeviceConfigs load(Path dir, Catalog cat, int ratingTimeoutSeconds) {
        return load(dir, cat, ratingTimeoutSeconds, Mode.BUILD);
    }

    public static DeviceConfigs load(Path dir, Catalog cat, int ratingTimeoutSeconds, Mode mode) {
        boolean fonts = mode != Mode.GLYPHS;
        Path folder = dir.resolve("devices");
        if (!Files.isDirectory(folder)) {
            return new DeviceConfigs(dir, Map.of(), List.of());
        }
        List<String> problems = new ArrayList<>();
        Map<String, Device> devices = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> !Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new DeviceConfigException(List.of(dir + ": cannot list the folder: " + e.getMessage()));
        }
        for (Path p : files) {
            String file = dir.relativize(p).toString();
            String name = p.getFileName().toString();
            if (name.startsWith(".") || name.endsWith("~")) {
                continue;
            }
            Matcher fm = FILE.matcher(name);
            if (!fm.matches()) {
                problems.add(file + ": (file name): device files are named <device-id>.yaml with a-z, 0-9 and '-'");
                continue;
            }
            Optional<Device> d = read(p, file, fm.group(1), problems);
            d.ifPresent(x -> {
                Device before = devices.putIfAbsent(x.id(), x);
                if (before != null) {
                    problems.add(file + ": id: '" + x.id() + "' is also the id in " + before.file());
                }
            });
        }
        DeviceConfigs configs = new DeviceConfigs(dir, devices, List.of());
        DeviceChecks checks = new DeviceChecks(dir, configs);
        List<String> fit = new ArrayList<>();
        for (Device d : devices.values()) {
            checks.check(d, cat, ratingTimeoutSeconds, fonts, fit);
        }
        if (mode != Mode.SERVICE) {
            problems.addAll(fit);
        }
        if (!problems.isEmpty()) {
            throw new DeviceConfigException(problems);
        }
        List<String> warnings = new ArrayList<>(mode == Mode.SERVICE ? fit : List.of());
        warnings.addAll(coverage(devices, cat));
        return new DeviceConfigs(dir, devices, warnings);
    }

    private static Optional<Device> read(Path p, String file, String nameId, List<String> problems) {
        JsonNode n;
        try {
            n = YAML.readTree(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            problems.add(file + ": (file): not valid YAML: " + msg);
            return Optional.empty();
        }
        if (n == null || !n.isObject()) {
            problems.add(file + ": (file): must be a mapping of fields (id, kind, ...)");
            return Optional.empty();
        }
        String kind = n.path("kind").asText("");
        if (!KINDS.contains(kind)) {
            problems.add(file + ": kind: " + (kind.isEmpty() ? "missing" : "'" + kind + "' is unknown")
                    + "; one of " + String.join(", ", KINDS));
            return Optional.empty();
        }
        int before = problems.size();
        for (Error e : schema(kind).validate(n)) {
            problems.add(file + ": " + field(e) + ": " + message(e));
        }
        String id = n.path("id").asText("");
        if (problems.size() == before && !id.equals(nameId)) {
            problems.add(file + ": id: '" + id + "' differs from the file name; name the file " + id + ".yaml");
        }
        return problems.size() == before ? Optional.of(new Device(id, kind, file, n)) : Optional.empty();
    }

    private static String field(Error e) {
        String loc = e.getInstanceLocation().toString();
        loc = loc.startsWith("$") ? loc.substring(1) : loc;
        loc = INDEX.matcher(loc).replaceAll("[$1]").replace('/', '.');
        loc = loc.startsWith(".") ? loc.substring(1) : loc;
        if (e.getProperty() != null && "required".equals(e.getKeyword())) {
            return loc.isEmpty() ? e.getProperty() : loc + "." + e.getProperty();
        }
        if (e.getProperty() != null && "additionalProperties".equals(e.getKeyword())) {
            return loc.isEmpty() ? e.getProperty() : loc + "." + e.getProperty();
        }
        return loc.isEmpty() ? "(file)" : loc;
    }

    private static String message(Error e) {
        String m = e.getMessage();
        // networknt starts some messages with the location again
        int colon = m.indexOf(": ");
        if (m.startsWith("$") && colon > 0) {
            m = m.substring(colon + 2);
        }
        if ("additionalProperties".equals(e.getKeyword())) {
            return "is not a field of this kind of device (misspelt?)";
        }
        if ("required".equals(e.getKeyword())) {
            return "is required";
        }
        return m;
    }

    static Schema schema(String kind) {
        Map<String, Schema> s = schemas;
        if (s == null) {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String k : KINDS) {
                try (InputStream in = DeviceConfigs.class.getResourceAsStream("/device-schema/" + k + ".schema.json")) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks /device-schema/" + k + ".schema.json");
                    }
                    texts.put(SCHEMA_BASE + k + ".schema.json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    b -> b.schemas(texts));
            Map<String, Schema> built = new LinkedHashMap<>();
            for (String k : KINDS) {
                built.put(k, registry.getSchema(SchemaLocation.of(SCHEMA_BASE + k + ".schema.json")));
            }
            schemas = s = Map.copyOf(built);
        }
        return s.get(kind);
    }

    static String serviceName(Device d, Catalog.ServiceType s) {
        return "en".equals(d.node().path("language").asText()) && s.name().en() != null ? s.name().en() : s.name().zh();
    }

    static String notice(Device d, Catalog cat) {
        String n = d.node().has("notice") ? d.node().path("notice").asText() : cat.hall().notice();
        return n == null ? "" : n;
    }

    /**
     * Exactly the characters this display can be asked to draw with the catalogue: its templates' own
     * characters, ticket prefixes and digits, the counter and service names its placeholders take, and for the
     * board its notice. Spaces are left out.
     */
    public Set<Integer> glyphs(Device d, Catalog cat) {
        StringBuilder all = new StringBuilder();
        List<String> templates = new ArrayList<>();
        d.node().path("templates").forEach(t -> {
            if (t.isArray()) {
                t.forEach(r -> templates.add(r.asText()));
            } else {
                templates.add(t.asText());
            }
        });
        Set<String> used = new LinkedHashSet<>();
        for (String t : templates) {
            all.append(Templates.literal(t));
            for (String p : Templates.PLACEHOLDERS) {
                if (t.contains("{" + p + "}")) {
                    used.add(p);
                }
            }
        }
        if (used.contains("ticket")) {
            cat.services().forEach(s -> all.append(s.prefix()));
            all.append("0123456789");
        }
        if (used.contains("counter")) {
            (d.counter() != null ? cat.counter(d.counter()).stream() : cat.counters().stream())
                    .forEach(c -> all.append(c.name()));
        }
        if (used.contains("service")) {
            cat.services().forEach(s -> all.append(serviceName(d, s)));
        }
        if (d.kind().equals("main-board")) {
            all.append(notice(d, cat));
        }
        Set<Integer> out = new TreeSet<>();
        all.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(out::add);
        return out;
    }

    /** Counters of the catalogue without a window screen or an evaluator: said at start, refused by the build. */
    private static List<String> coverage(Map<String, Device> devices, Catalog cat) {
        List<String> out = new ArrayList<>();
        for (Catalog.CounterDef c : cat.counters()) {
            for (String kind : List.of("window-screen", "evaluator")) {
                boolean has = devices.values().stream().anyMatch(d -> d.kind().equals(kind) && c.id().equals(d.counter()));
                if (!has) {
                    out.add("counter " + c.id() + " (" + c.name() + ") has no " + kind + " file");
                }
            }
        }
        return out;
    }

    public List<String> warnings() {
        return warnings;
    }

    public Map<String, Device> devices() {
        return devices;
    }

    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** The window screen bound to a counter, if a file describes one. */
    Optional<Device> screen(String counter) {
        return devices.values().stream().filter(d -> d.kind().equals("window-screen") && counter.equals(d.counter()))
                .findFirst();
    }

    Optional<Device> board() {
        return devices.values().stream().filter(d -> d.kind().equals("main-board")).findFirst();
    }

    /** What each device receives as its retained config: its file, with what the service knows filled in. */
    public Map<String, String> published(Catalog cat, int ratingTimeoutSeconds) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Device d : devices.values()) {
            ObjectNode n = d.node().deepCopy();
            n.put("v", 1);
            if (d.counter() != null) {
                cat.counter(d.counter()).ifPresent(c -> n.put("counterName", c.name()));
            }
            if (d.kind().equals("evaluator")) {
                n.put("ratingTimeoutSeconds", ratingTimeoutSeconds);
                Set<String> chosen = new LinkedHashSet<>();
                d.node().path("reasons").forEach(r -> chosen.add(r.asText()));
                ArrayNode rs = n.putArray("reasons");
                cat.ratingReasons().stream().filter(r -> chosen.isEmpty() || chosen.contains(r.code()))
                        .forEach(r -> rs.addObject().put("code", r.code()).put("name", r.name().zh()));
            }
            if (d.kind().equals("main-board")) {
                n.put("notice", notice(d, cat));
            }
            n.remove("font");
            out.put(d.id(), Json.write(n));
        }
        return out;
    }
}
