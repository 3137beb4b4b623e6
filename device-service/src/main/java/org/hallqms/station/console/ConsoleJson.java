package org.hallqms.station.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.hallqms.store.Json;

/** The view's records as JSON: times and days as ISO text, as the hall writes them. */
final class ConsoleJson {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().registerModule(new SimpleModule()
            .addSerializer(OffsetDateTime.class, ToStringSerializer.instance)
            .addSerializer(LocalDate.class, ToStringSerializer.instance));

    private ConsoleJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
