package org.hallqms.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.Sql;

/**
 * Builds the station's queryable tables from one verified page of a hall's log, in the page's transaction:
 * ratings, device changes, alarms and appointments row by row, tickets through {@link TicketFold}.
 */
final class Projection {
    private Projection() {
    }

    static void project(Connection c, String hall, List<Event> events) throws SQLException {
        List<JsonNode> datas = new ArrayList<>(events.size());
        for (Event e : events) {
            datas.add(parse(e));
        }
        TicketFold tickets = TicketFold.load(c, hall, events, datas);
        try (PreparedStatement ratings = c.prepareStatement("INSERT INTO qms_ratings(hall, seq, day, at, session, ticket, "
                + "number, service, counter, officer, device, result, level, reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?::jsonb) "
                + "ON CONFLICT (hall, seq) DO NOTHING");
             PreparedStatement devices = c.prepareStatement("INSERT INTO qms_device_changes(hall, seq, at, device, state, "
                     + "kind, fw) VALUES (?,?,?,?,?,?,?) ON CONFLICT (hall, seq) DO NOTHING");
             PreparedStatement raised = c.prepareStatement("INSERT INTO qms_alarms(hall, alarm, day, kind, ticket, number, "
                     + "service, counter, officer, reason, limit_minutes, raised_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                     + "ON CONFLICT (hall, alarm) DO NOTHING");
             PreparedStatement cleared = c.prepareStatement("UPDATE qms_alarms SET cleared_at = ?, cleared_by = ? "
                     + "WHERE hall = ? AND alarm = ?");
             PreparedStatement booked = c.prepareStatement("INSERT INTO qms_appointments(hall, code, day, service, "
                     + "slot_from, slot_to, state, last_seq) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (hall, code) DO UPDATE "
                     + "SET day = excluded.day, service = excluded.service, slot_from = excluded.slot_from, "
                     + "slot_to = excluded.slot_to, state = excluded.state, last_seq = excluded.last_seq "
                     + "WHERE qms_appointments.last_seq < excluded.last_seq");
             PreparedStatement checkedIn = c.prepareStatement("UPDATE qms_appointments SET state = 'checked_in', "
                     + "arrival = ?, ticket = ?, last_seq = ? WHERE hall = ? AND code = ? AND last_seq < ?")) {
            // A booking's latest change in the page only: one batched upsert may not touch a row twice (a booking
            // and its cancellation in one page made PostgreSQL refuse the whole page).
            Map<String, Object[]> bookings = new LinkedHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                JsonNode d = datas.get(i);
                OffsetDateTime at = OffsetDateTime.parse(e.at());
                switch (e.type()) {
                    case "rating.recorded", "rating.not_rated" -> {
                        ratings.setString(1, hall);
                        ratings.setLong(2, e.seq());
                        ratings.setObject(3, LocalDate.parse(e.day()));
                        ratings.setObject(4, at);
                        ratings.setString(5, d.path("session").asText());
                        ratings.setString(6, d.path("ticket").asText());
                        ratings.setString(7, text(d, "number"));
                        ratings.setString(8, d.path("service").asText());
                        ratings.setString(9, d.path("counter").asText());
                        ratings.setString(10, text(d, "officer"));
                        ratings.setString(11, d.path("device").asText());
                        boolean rated = e.type().equals("rating.recorded");
                        ratings.setString(12, rated ? "rated" : "not_rated");
                        if (rated) {
                            ratings.setInt(13, d.path("level").asInt());
                            ratings.setString(14, Json.write(d.path("reasons")));
                        } else {
                            ratings.setNull(13, Types.SMALLINT);
                            ratings.setNull(14, Types.VARCHAR);
                        }
                        ratings.addBatch();
                    }
                    case "device.state" -> {
                        devices.setString(1, hall);
                        devices.setLong(2, e.seq());
                        devices.setObject(3, at);
                        devices.setString(4, d.path("device").asText());
                        devices.setString(5, d.path("state").asText());
                        devices.setString(6, text(d, "kind"));
                        devices.setString(7, text(d, "fw"));
                        devices.addBatch();
                    }
                    case "alarm.raised" -> {
                        Sql.bind(raised, hall, d.path("alarm").asLong(), LocalDate.parse(e.day()), d.path("kind").asText(),
                                text(d, "ticket"), text(d, "number"), text(d, "service"), text(d, "counter"),
                                text(d, "officer"), text(d, "reason"),
                                d.path("limitMinutes").isNumber() ? d.path("limitMinutes").asInt() : null, at);
                        raised.addBatch();
                    }
                    case "alarm.cleared" -> {
                        Sql.bind(cleared, at, text(d, "by"), hall, d.path("alarm").asLong());
                        cleared.addBatch();
                    }
                    case "appointment.booked", "appointment.cancelled", "appointment.missed" -> {
                        bookings.put(d.path("code").asText(), new Object[] {hall, d.path("code").asText(),
                                LocalDate.parse(d.path("day").asText()), d.path("service").asText(), text(d, "from"),
                                text(d, "to"), e.type().substring("appointment.".length()), e.seq()});
                    }
                    default -> {
                        if (e.type().startsWith("ticket.")) {
                            tickets.fold(e, d, at);
                        }
                        if (e.type().equals("ticket.issued") && d.hasNonNull("appointment")) {
                            Sql.bind(checkedIn, text(d, "arrival"), d.path("ticket").asText(), e.seq(), hall,
                                    d.path("appointment").asText(), e.seq());
                            checkedIn.addBatch();
                        }
                    }
                }
            }
            for (Object[] b : bookings.values()) {
                Sql.bind(booked, b);
                booked.addBatch();
            }
            ratings.executeBatch();
            devices.executeBatch();
            // in log order: a page can hold an alarm's raising and its clearing, a booking and its check-in
            raised.executeBatch();
            cleared.executeBatch();
            booked.executeBatch();
            checkedIn.executeBatch();
        }
        tickets.write(c, hall);
    }

    private static JsonNode parse(Event e) {
        try {
            return Json.MAPPER.readTree(e.data());
        } catch (IOException ex) {
            throw new IllegalStateException("event " + e.seq() + " has data that is not JSON", ex);
        }
    }

    static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
