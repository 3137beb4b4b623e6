package org.hallqms.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.hallqms.store.Json;
import org.junit.jupiter.api.Test;

class HallEventsTest {

    /** Every record under the sealed HallEvent, found by walking the permitted subclasses. */
    static List<Class<?>> recordClasses() {
        List<Class<?>> out = new ArrayList<>();
        List<Class<?>> todo = new ArrayList<>(List.of(HallEvent.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(0);
            if (c.isRecord()) {
                out.add(c);
            } else {
                todo.addAll(List.of(c.getPermittedSubclasses()));
            }
        }
        return out;
    }

    @Test
    void each_record_has_its_own_type_string_and_its_json_reads_back_as_that_record() throws Exception {
        List<Class<?>> records = recordClasses();
        Set<String> seen = new HashSet<>();
        for (Class<?> c : records) {
            String type = (String) c.getField("TYPE").get(null);
            assertThat(seen.add(type)).as("type %s of %s is unique", type, c.getSimpleName()).isTrue();
            @SuppressWarnings("unchecked")
            Class<? extends HallEvent> ec = (Class<? extends HallEvent>) c;
            assertThat(HallEvents.typeOf(ec)).isEqualTo(type);
        }
        assertThat(HallEvents.types()).isEqualTo(seen);
        assertThat(seen).hasSize(29);
        Set<Class<?>> sampled = new HashSet<>();
        for (Samples.Sample s : Samples.all()) {
            HallEvent e = s.event();
            sampled.add(e.getClass());
            assertThat(e.type()).isEqualTo(e.getClass().getField("TYPE").get(null));
            HallEvent back = HallEvents.decode(e.type(), HallEvents.encode(e));
            assertThat(back).isEqualTo(e);
        }
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void each_record_writes_the_bytes_its_old_map_producer_wrote() {
        for (Samples.Sample s : Samples.all()) {
            assertEquals(Json.write(s.map()), HallEvents.encode(s.event()), s.event().type());
        }
    }

    @Test
    void strings_are_escaped_exactly_as_jackson_escapes_them() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String s = "a" + c + "b";
            StringBuilder b = new StringBuilder();
            Json.quote(b, s);
            assertEquals(Json.write(s), b.toString(), "char " + (int) c);
        }
        Random r = new Random(16);
        for (int i = 0; i < 10_000; i++) {
            char[] cs = new char[r.nextInt(40)];
            for (int j = 0; j < cs.length; j++) {
                cs[j] = (char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0x10000));
            }
            String s = new String(cs);
            StringBuilder b = new StringBuilder();
            Json.quote(b, s);
            assertEquals(Json.write(s), b.toString());
        }
    }

    @Test
    void reading_ignores_keys_it_does_not_know_and_refuses_types_and_values_no_hall_writes() {
        HallEvent e = HallEvents.decode("counter.opened", "{\"counter\":\"1\",\"extra\":[1],\"officer\":\"510001\"}");
        assertThat(e).isEqualTo(new CounterEvent.Opened("1", "510001"));
        assertThatThrownBy(() -> HallEvents.decode("ticket.teleported", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticket.teleported");
        assertThatThrownBy(() -> HallEvents.decode("device.state", "{\"device\":\"w\",\"state\":\"asleep\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asleep");
        assertThatThrownBy(() -> HallEvents.decode("device.state", "[1]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_type_strings_are_those_of_the_published_contract() {
        Set<String> documented = Set.of("catalog.updated", "ticket.issued", "ticket.called", "ticket.recalled",
                "ticket.started", "ticket.finished", "ticket.no_show", "ticket.transferred", "ticket.expired",
                "counter.opened", "counter.closed", "counter.paused", "counter.resumed", "counter.taken_over",
                "rating.requested", "rating.recorded", "rating.not_rated", "device.state", "device.secret-set",
                "appointment.booked", "appointment.cancelled", "appointment.missed", "alarm.raised", "alarm.cleared",
                "case.opened", "case.called-back", "case.resolved", "case.dismissed", "case.overdue");
        assertThat(HallEvents.types()).containsAll(documented);
        assertThat(HallEvents.types().stream().filter(t -> !documented.contains(t)).collect(Collectors.toSet()))
                .isEmpty();
    }
}
