package org.hallqms.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code qms_cases}: each case as of the latest pulled {@code case.*} event (cases contract), in the page's
 * transaction. Read from the event's JSON by key, not through the hall's records, so the station folds the
 * contract's keys whatever else a newer hall adds. A case event for a case the station never saw opened (a
 * table cleared by hand) is kept in the raw log and builds nothing, as for tickets.
 */
final class CaseFold {
    private static final Logger log = LoggerFactory.getLogger(CaseFold.class);

    private CaseFold() {
    }

    /** Folds the page's case events, in log order; a page without any costs one string test per event. */
    static void fold(Connection c, String hall, List<Event> events) throws SQLException {
        for (Event e : events) {
            if (!e.type().startsWith("case.")) {
                continue;
            }
            JsonNode d;
            try {
                d = Json.MAPPER.readTree(e.data());
            } catch (IOException ex) {
                log.warn("sync-pull: hall {}: event {} ({}) is kept but builds no case: {}", hall, e.seq(), e.type(),
                        ex.getMessage());
                continue;
            }
            String id = text(d, "case");
            if (id == null) {
                continue;
            }
            OffsetDateTime at = OffsetDateTime.parse(e.at());
            switch (e.type()) {
                case "case.opened" -> opened(c, hall, e, d, id, at);
                case "case.called-back" -> update(c, "state = 'called-back', called_back_at = ?, note = ?", hall, id,
                        e.seq(), at, text(d, "note"));
                case "case.resolved" -> update(c, "state = 'resolved', closed_at = ?, reply = ?, "
                        + "note = coalesce(?, note)", hall, id, e.seq(), at, text(d, "reply"), text(d, "note"));
                case "case.dismissed" -> update(c, "state = 'dismissed', closed_at = ?, dismiss_reason = ?", hall, id,
                        e.seq(), at, text(d, "reason"));
                case "case.overdue" -> {
                    String due = text(d, "due");
                    if ("callback".equals(due)) {
                        update(c, "callback_overdue = true", hall, id, e.seq());
                    } else if ("resolve".equals(due)) {
                        update(c, "resolve_overdue = true", hall, id, e.seq());
                    }
                }
                default -> {
                    // a case event type from a newer hall: kept raw
                }
            }
        }
    }

    private static void opened(Connection c, String hall, Event e, JsonNode d, String id, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_cases(hall, id, kind, ticket, number, service, "
                + "counter, officer, level, reasons, opened_at, day, callback_due, resolve_due, state, last_seq) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?::jsonb,?,?,?,?,'open',?) ON CONFLICT (hall, id) DO NOTHING")) {
            int i = 1;
            ps.setString(i++, hall);
            ps.setString(i++, id);
            ps.setString(i++, Projection.orEmpty(text(d, "kind")));
            ps.setString(i++, text(d, "ticket"));
            ps.setString(i++, text(d, "number"));
            ps.setString(i++, text(d, "service"));
            ps.setString(i++, text(d, "counter"));
            ps.setString(i++, text(d, "officer"));
            if (d.path("level").canConvertToInt()) {
                ps.setInt(i++, d.path("level").asInt());
            } else {
                ps.setNull(i++, Types.SMALLINT);
            }
            ps.setString(i++, d.path("reasons").isArray() ? d.path("reasons").toString() : "[]");
            ps.setObject(i++, at);
            ps.setObject(i++, LocalDate.parse(e.day()));
            ps.setObject(i++, time(d, "callbackDue"));
            ps.setObject(i++, time(d, "resolveDue"));
            ps.setLong(i, e.seq());
            ps.executeUpdate();
        }
    }

    /** One later event of a case; a row already past this seq (a page pulled twice) is left as it is. */
    private static void update(Connection c, String set, String hall, String id, long seq, Object... values)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE qms_cases SET " + set + ", last_seq = ? "
                + "WHERE hall = ? AND id = ? AND last_seq < ?")) {
            int i = 1;
            for (Object v : values) {
                if (v == null) {
                    ps.setNull(i++, Types.VARCHAR);
                } else {
                    ps.setObject(i++, v);
                }
            }
            ps.setLong(i++, seq);
            ps.setString(i++, hall);
            ps.setString(i++, id);
            ps.setLong(i, seq);
            ps.executeUpdate();
        }
    }

    private static String text(JsonNode d, String key) {
        JsonNode v = d.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static OffsetDateTime time(JsonNode d, String key) {
        String s = text(d, key);
        try {
            return s == null ? null : OffsetDateTime.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
