package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hallqms.Problem;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi.yaml is what station and console builders read: it must list what the service really serves. */
class OpenApiTest {
    private static final Path DOC = Path.of("..", "docs", "openapi.yaml");
    @TempDir
    Path dir;

    private static JsonNode doc() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(DOC.toFile());
    }

    @Test
    void every_route_the_service_serves_is_documented_and_nothing_else() throws Exception {
        List<String> documented = new ArrayList<>();
        doc().path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) {
                documented.add(m.toUpperCase() + " " + p.getKey().replaceAll("\\{(\\w+)}", "{$1}"));
            }
        }));
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(hall.hall().routes()));
        }
    }

    @Test
    void every_problem_type_is_in_the_documented_enum() throws Exception {
        Set<String> documented = new TreeSet<>();
        doc().at("/components/schemas/Problem/properties/type/enum").forEach(t -> documented.add(t.asText()));
        Set<String> real = new TreeSet<>();
        Arrays.stream(Problem.values()).forEach(p -> real.add(p.type()));
        assertThat(documented).isEqualTo(real);
    }

    @Test
    void every_event_type_a_busy_day_logs_is_documented_with_each_field_it_carries() throws Exception {
        JsonNode types = doc().path("x-event-types");
        Set<String> seen = new TreeSet<>();
        try (TestHall hall = TestHall.start(dir)) {
            String token = hall.login("1", "510001");
            hall.issue("id-card", "a");
            hall.issue("id-card", "b");
            hall.issue("green", "c");
            hall.act("1", token, "call-next");
            hall.act("1", token, "recall");
            hall.act("1", token, "start");
            hall.act("1", token, "transfer", "{\"counter\":\"3\"}");
            hall.act("1", token, "call-next");
            hall.act("1", token, "no-show");
            hall.act("1", token, "call-next");
            hall.act("1", token, "finish", "{\"outcome\":\"incomplete\",\"missing\":[\"户口簿\"]}");
            hall.http().put("/api/v1/appointments", "{\"day\":\"2026-11-27\",\"appointments\":["
                    + "{\"code\":\"APT1\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:30\"},"
                    + "{\"code\":\"APT2\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:20\"},"
                    + "{\"code\":\"APT3\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:20\"}]}", TestHall.ADMIN);
            hall.http().put("/api/v1/appointments", "{\"day\":\"2026-11-27\",\"appointments\":["
                    + "{\"code\":\"APT1\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:30\"},"
                    + "{\"code\":\"APT2\",\"service\":\"id-card\",\"from\":\"10:00\",\"to\":\"10:20\"}]}", TestHall.ADMIN);
            hall.http().post("/api/v1/tickets", "{\"appointment\":\"APT1\",\"requestId\":\"apt\"}", null);
            hall.act("1", token, "call-next");
            hall.act("1", token, "finish", "{\"outcome\":\"incomplete\",\"reason\":\"policy\"}");
            hall.http().post("/api/v1/complaints", "{\"requestId\":\"c\",\"ticket\":\"A001\",\"reason\":\"policy\"}", null);
            hall.issue("id-card", "late");
            hall.act("1", token, "call-next");
            hall.act("1", token, "start");
            hall.clock.advance(java.time.Duration.ofMinutes(35));
            hall.hall().checkNow();
            hall.act("1", token, "finish", "{\"outcome\":\"done\"}");
            hall.hall().checkNow();
            hall.act("1", token, "pause", "{\"reason\":\"午休\"}");
            hall.act("1", token, "resume");
            hall.hall().engine().rollDay();
            hall.clock.advance(java.time.Duration.ofDays(1));
            hall.hall().engine().rollDay();
            hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT type, data FROM events ORDER BY seq")) {
                    while (rs.next()) {
                        String type = rs.getString(1);
                        seen.add(type);
                        assertThat(types.has(type)).as("event type %s documented", type).isTrue();
                        JsonNode data = org.hallqms.store.Json.MAPPER.readTree(rs.getString(2));
                        data.fieldNames().forEachRemaining(f ->
                                assertThat(types.path(type).has(f)).as("%s.%s documented", type, f).isTrue());
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            assertThat(seen).contains("appointment.booked", "appointment.cancelled", "appointment.missed", "alarm.raised",
                    "alarm.cleared");
        }
    }
}
