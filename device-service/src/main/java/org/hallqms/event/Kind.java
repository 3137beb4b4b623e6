package org.hallqms.event;

import java.util.function.BiConsumer;
import java.util.function.Function;

/** One event type: its type string, its record class, and how its data is written and read. */
record Kind<E extends HallEvent>(String type, Class<E> cls, BiConsumer<E, JsonOut> writer, Function<JsonIn, E> reader) {

    String write(HallEvent e) {
        JsonOut out = new JsonOut();
        writer.accept(cls.cast(e), out);
        return out.end();
    }
}
