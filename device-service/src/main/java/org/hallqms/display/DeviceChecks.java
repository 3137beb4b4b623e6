package org.hallqms.display;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hallqms.catalog.Catalog;
import org.hallqms.display.DeviceConfigs.Device;

/**
 * Whether a device file fits the catalogue and its device: bound to a listed device and counter, every template
 * row within the row's width for every value its placeholders can take, the rows the board needs, reasons and
 * timeout as the service has them, and a font that draws every character the device can be asked to show.
 */
final class DeviceChecks {
    private final Path dir;
    private final DeviceConfigs configs;

    DeviceChecks(Path dir, DeviceConfigs configs) {
        this.dir = dir;
        this.configs = configs;
    }

    void check(Device d, Catalog cat, int ratingTimeout, boolean fonts, List<String> problems) {
        String f = d.file() + ": ";
        Optional<Catalog.Device> listed = cat.devices().stream().filter(x -> x.id().equals(d.id())).findFirst();
        String counter = d.counter();
        if (counter != null && cat.counter(counter).isEmpty()) {
            problems.add(f + "counter: '" + counter + "' is not a counter of the catalogue (counters: "
                    + cat.counters().stream().map(Catalog.CounterDef::id).collect(Collectors.joining(", ")) + ")");
            return;
        }
        if (listed.isEmpty()) {
            problems.add(f + "id: '" + d.id() + "' is not among the catalogue's devices; add {\"id\": \"" + d.id()
                    + "\", \"kind\": \"" + d.kind() + "\"" + (counter == null ? "" : ", \"counter\": \"" + counter + "\"")
                    + "} there, so the service accepts its messages");
        } else if (!listed.get().kind().equals(d.kind())) {
            problems.add(f + "kind: the catalogue lists " + d.id() + " as " + listed.get().kind());
        } else if (counter != null && !counter.equals(listed.get().counter())) {
            problems.add(f + "counter: the catalogue binds " + d.id() + " to counter " + listed.get().counter());
        }
        switch (d.kind()) {
            case "window-screen" -> {
                JsonNode t = d.node().path("templates");
                for (String state : List.of("calling", "serving", "idle", "paused", "closed")) {
                    checkRows(d, "templates." + state, t.path(state), cat, problems);
                }
            }
            case "main-board" -> checkBoard(d, cat, problems);
            case "evaluator" -> {
                Set<String> known = cat.ratingReasons().stream().map(Catalog.Reason::code)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                JsonNode rs = d.node().path("reasons");
                for (int i = 0; i < rs.size(); i++) {
                    if (!known.contains(rs.get(i).asText())) {
                        problems.add(f + "reasons[" + i + "]: '" + rs.get(i).asText() + "' is not a rating reason of the "
                                + "catalogue (" + String.join(", ", known) + ")");
                    }
                }
                JsonNode to = d.node().get("ratingTimeoutSeconds");
                if (to != null && to.asInt() != ratingTimeout) {
                    problems.add(f + "ratingTimeoutSeconds: " + to.asInt() + " differs from the service's "
                            + "QMS_RATING_TIMEOUT_SECONDS " + ratingTimeout + "; leave it out or make them equal");
                }
            }
            default -> {
                // callers: the schema says it all
            }
        }
        if (fonts && d.node().has("font")) {
            checkFont(d, cat, problems);
        }
    }

    private void checkRows(Device d, String field, JsonNode rows, Catalog cat, List<String> problems) {
        int maxRows = d.node().path("rows").asInt();
        if (rows.size() > maxRows) {
            problems.add(d.file() + ": " + field + ": " + rows.size() + " rows, but the device has " + maxRows);
        }
        for (int i = 0; i < rows.size(); i++) {
            checkWidth(d, field + "[" + i + "]", rows.get(i).asText(), cat, problems);
        }
    }

    private void checkBoard(Device d, Catalog cat, List<String> problems) {
        JsonNode n = d.node();
        JsonNode header = n.path("templates").path("header");
        boolean noticeRow = !DeviceConfigs.notice(d, cat).isBlank();
        int needed = header.size() + n.path("recentCalls").asInt() + (noticeRow ? 1 : 0);
        if (needed > n.path("rows").asInt()) {
            problems.add(d.file() + ": recentCalls: " + header.size() + " header rows + " + n.path("recentCalls").asInt()
                    + " calls" + (noticeRow ? " + the notice row" : "") + " need " + needed + " rows; the board has "
                    + n.path("rows").asInt());
        }
        for (int i = 0; i < header.size(); i++) {
            checkWidth(d, "templates.header[" + i + "]", header.get(i).asText(), cat, problems);
        }
        checkWidth(d, "templates.call", n.path("templates").path("call").asText(), cat, problems);
        if (noticeRow && n.path("scrollSpeed").asInt(2) == 0) {
            checkWidth(d, n.has("notice") ? "notice" : "notice (the catalogue's hall notice)", DeviceConfigs.notice(d, cat), cat,
                    problems);
        }
    }

    private void checkWidth(Device d, String field, String template, Catalog cat, List<String> problems) {
        List<String> unknown = Templates.unknown(template);
        if (!unknown.isEmpty()) {
            problems.add(d.file() + ": " + field + ": unknown placeholder " + unknown.get(0) + "; use {ticket}, {counter} "
                    + "or {service}");
            return;
        }
        int capacity = d.node().path("charsPerRow").asInt() * 2;
        String widest = null;
        int widestWidth = -1;
        for (Map<String, String> v : values(d, cat)) {
            String r = Templates.render(template, v);
            int w = Templates.width(r);
            if (w > widestWidth) {
                widest = r;
                widestWidth = w;
            }
        }
        if (widestWidth > capacity) {
            problems.add(d.file() + ": " + field + ": renders as '" + widest + "', " + half(widestWidth)
                    + " characters wide; a row holds " + d.node().path("charsPerRow").asInt());
        }
    }

    private static String half(int columns) {
        return columns % 2 == 0 ? Integer.toString(columns / 2) : columns / 2 + ".5";
    }

    /** Every combination of values the placeholders can take on this device. */
    private List<Map<String, String>> values(Device d, Catalog cat) {
        List<String> counters = d.counter() != null
                ? List.of(cat.counter(d.counter()).map(Catalog.CounterDef::name).orElse(d.counter()))
                : cat.counters().stream().map(Catalog.CounterDef::name).toList();
        List<Map<String, String>> out = new ArrayList<>();
        for (Catalog.ServiceType s : cat.services()) {
            for (String c : counters) {
                // every number has the same width; 888 stands for all of them
                out.add(Map.of("ticket", s.prefix() + "888", "counter", c, "service", DeviceConfigs.serviceName(d, s)));
            }
        }
        return out;
    }

    private void checkFont(Device d, Catalog cat, List<String> problems) {
        String fontFile = d.node().path("font").path("file").asText();
        Path font = dir.resolve(fontFile);
        Set<Integer> has;
        try {
            has = fontGlyphs(font);
        } catch (IOException e) {
            problems.add(d.file() + ": font.file: cannot read " + fontFile + " (" + e.getMessage() + ")");
            return;
        }
        List<String> missing = new ArrayList<>();
        for (int cp : configs.glyphs(d, cat)) {
            if (!has.contains(cp)) {
                missing.add(new String(Character.toChars(cp)));
            }
        }
        if (!missing.isEmpty()) {
            problems.add(d.file() + ": font.file: " + fontFile + " lacks " + missing.size() + " character"
                    + (missing.size() == 1 ? "" : "s") + " this device can show: " + String.join(" ", missing)
                    + " (regenerate the font from `device-config glyphs " + d.id() + "`)");
        }
    }

    /** The characters a font file can draw: a BDF font's ENCODING lines, or the characters of a text file. */
    static Set<Integer> fontGlyphs(Path font) throws IOException {
        String text = Files.readString(font, StandardCharsets.UTF_8);
        Set<Integer> out = new TreeSet<>();
        if (font.getFileName().toString().endsWith(".bdf")) {
            Matcher m = Pattern.compile("(?m)^ENCODING\\s+(\\d+)").matcher(text);
            while (m.find()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        } else {
            text.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(out::add);
        }
        return out;
    }
}
