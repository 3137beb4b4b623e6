package org.hallqms.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.hallqms.store.Json;
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
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, id, type, at, day, data, prev_hash, hash "
                    + "FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, after);
                ps.setInt(2, limit + 1);
                try (ResultSet rs = ps.executeQuery(); JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeArrayFieldStart("events");
                    long next = after;
                    int n = 0;
                    boolean more = false;
                    while (rs.next()) {
                        if (n == limit) {
                            more = true;
                            break;
                        }
                        next = rs.getLong("seq");
                        g.writeStartObject();
                        g.writeNumberField("seq", next);
                        g.writeStringField("id", rs.getString("id"));
                        g.writeStringField("type", rs.getString("type"));
                        g.writeStringField("at", rs.getString("at"));
                        g.writeStringField("day", rs.getString("day"));
                        g.writeFieldName("data");
                        g.writeRawValue(rs.getString("data"));
                        g.writeStringField("prevHash", rs.getString("prev_hash"));
                        g.writeStringField("hash", rs.getString("hash"));
                        g.writeEndObject();
                        n++;
                    }
                    g.writeEndArray();
                    g.writeNumberField("next", next);
                    g.writeBooleanField("more", more);
                    g.writeNumberField("v", EVENTS_VERSION);
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return null;
        });
    }
}
