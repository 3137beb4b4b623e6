package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog;
import org.hallqms.display.Calls;
import org.hallqms.event.CatalogUpdated;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.junit.jupiter.api.Test;

/** Issue 16: the live updates read the typed events now; what a wall receives stays what version 1 sent. */
class PublicViewTest {

    @Test
    void every_event_of_the_golden_busy_day_reaches_the_wall_as_version_1_sent_it() throws Exception {
        List<String> lines;
        try (InputStream in = PublicViewTest.class.getResourceAsStream("/golden/busy-day-events.jsonl")) {
            assertThat(in).as("golden/busy-day-events.jsonl on the test class path").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        Catalog cat = null;
        int compared = 0;
        for (String line : lines) {
            JsonNode n = Json.MAPPER.readTree(line);
            Event row = new Event(n.get("seq").asLong(), n.get("id").asText(), n.get("type").asText(),
                    n.get("at").asText(), n.get("day").asText(), n.get("data").asText(), null, null);
            HallEvent event = HallEvents.decode(row.type(), row.data());
            if (event instanceof CatalogUpdated c) {
                cat = c.catalog();
                continue;
            }
            Map<String, Object> now = PublicView.of(cat, row, event);
            Map<String, Object> v1 = version1(cat, row);
            assertThat(now == null ? null : Json.write(now)).as("seq " + row.seq() + " " + row.type())
                    .isEqualTo(v1 == null ? null : Json.write(v1));
            compared += now == null ? 0 : 1;
        }
        assertThat(compared).isGreaterThan(400);
    }

    /** Live.publicView as version 1 wrote it: the data parsed again, field by field. */
    private static Map<String, Object> version1(Catalog cat, Event e) throws Exception {
        if (!e.type().startsWith("ticket.") && !e.type().startsWith("counter.") && !e.type().startsWith("rating.")
                && !e.type().startsWith("alarm.") && !e.type().startsWith("device.")) {
            return null;
        }
        JsonNode d = Json.MAPPER.readTree(e.data());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("type", e.type());
        m.put("at", e.at());
        for (String f : List.of("number", "service", "counter", "toService", "toCounter", "outcome", "recall", "kind",
                "device", "state")) {
            JsonNode v = d.get(f);
            if (v != null && !v.isNull() && !(e.type().startsWith("alarm.") && f.equals("state"))) {
                m.put(f, v.isNumber() ? v.numberValue() : v.asText());
            }
        }
        if (e.type().startsWith("rating.")) {
            m.remove("state");
        }
        if ((e.type().equals("ticket.called") || e.type().equals("ticket.recalled")) && d.hasNonNull("counter")) {
            String counterName = cat.counter(d.get("counter").asText()).map(Catalog.CounterDef::name)
                    .orElse(d.get("counter").asText() + "号窗口");
            m.put("counterName", counterName);
            m.put("speech", Calls.speech(d.path("number").asText(), counterName, d.path("recall").asInt()));
            m.put("audio", Calls.audioPath(e.id()));
        }
        return m;
    }
}
