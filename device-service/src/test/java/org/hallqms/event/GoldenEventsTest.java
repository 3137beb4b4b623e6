package org.hallqms.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.junit.jupiter.api.Test;

/** The golden busy-day log made by the old main (see golden/README.md), read and written by the codec. */
class GoldenEventsTest {

    @Test
    void every_golden_event_decodes_and_encodes_to_the_same_bytes() throws IOException {
        // and its hash still follows from the canonical text this code writes
        List<String> lines;
        try (InputStream in = GoldenEventsTest.class.getResourceAsStream("/golden/busy-day-events.jsonl")) {
            assertThat(in).as("golden/busy-day-events.jsonl on the test class path").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        assertThat(lines).hasSizeGreaterThan(600);
        Set<String> types = new HashSet<>();
        String prev = Event.GENESIS;
        for (String line : lines) {
            JsonNode n = Json.MAPPER.readTree(line);
            String type = n.get("type").asText();
            String data = n.get("data").asText();
            Event row = new Event(n.get("seq").asLong(), n.get("id").asText(), type, n.get("at").asText(),
                    n.get("day").asText(), data, n.get("prev_hash").asText(), n.get("hash").asText());
            assertThat(row.verifies(prev)).as("seq %d chains on", row.seq()).isTrue();
            prev = row.hash();
            HallEvent e = HallEvents.decode(type, data);
            assertEquals(type, e.type(), "seq " + n.get("seq"));
            assertEquals(data, HallEvents.encode(e), "seq " + n.get("seq") + " " + type);
            types.add(type);
        }
        // the case types came later (issue 18); Samples holds them to their bytes
        Set<String> older = new HashSet<>(HallEvents.types());
        older.removeAll(Set.of("case.opened", "case.called-back", "case.resolved", "case.dismissed", "case.overdue"));
        assertThat(types).as("the golden day holds every type the old main wrote").isEqualTo(older);
    }
}
