package org.hallqms.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.LoggedEvents;
import org.hallqms.store.Store;

/**
 * Writes a page of the event log as it is read: no page is held in memory. Each event's {@code data} is
 * written as its stored canonical JSON, byte for byte what was hashed.
 */
public final class SyncFeed {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;
    /** Version of the page and event shapes; changes within a version only add fields. */
    public static final int EVENTS_VERSION = 1;

    private final Store store;

    public SyncFeed(Store store) {
        this.store = store;
    }

    /** {@code {"events":[…],"next":seq,"more":bool}} for events with seq greater than {@code after}. */
    public void page(long after, int limit, OutputStream out) {
        store.read(c -> {
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeArrayFieldStart("events");
                long[] next = {after};
                int[] n = {0};
                // one more than the page, to know whether more follow
                LoggedEvents.each(c, after, limit + 1, e -> {
                    if (n[0]++ == limit) {
                        return;
                    }
                    next[0] = e.seq();
                    write(g, e);
                });
                g.writeEndArray();
                g.writeNumberField("next", next[0]);
                g.writeBooleanField("more", n[0] > limit);
                g.writeNumberField("v", EVENTS_VERSION);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    private static void write(JsonGenerator g, Event e) {
        try {
            g.writeStartObject();
            g.writeNumberField("seq", e.seq());
            g.writeStringField("id", e.id());
            g.writeStringField("type", e.type());
            g.writeStringField("at", e.at());
            g.writeStringField("day", e.day());
            g.writeFieldName("data");
            g.writeRawValue(e.data());
            g.writeStringField("prevHash", e.prevHash());
            g.writeStringField("hash", e.hash());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
