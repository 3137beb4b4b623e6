package org.hallqms.appointment;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.CatalogService;
import org.hallqms.config.Config;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
import org.hallqms.ticket.ServicePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appointments of each business day. The station replaces a day's list ({@code PUT}); the admin adds one
 * at a time; the kiosk checks one in by its code (through the ticket engine, in the ticket's transaction); a
 * booking whose check-in window closed unused is recorded as missed.
 */
public final class Appointments {
    private static final Logger log = LoggerFactory.getLogger(Appointments.class);
    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{4,32}");
    private static final int MAX_PER_PUT = 2000;

    /** One booking. {@code arrival} is on-time, early or late once checked in. */
    public record Appointment(String code, String day, String service, String from, String to, String phone,
                              String state, String arrival, String ticket) {
    }

    /** Where a check-in falls against the slot's window. */
    public enum Arrival {
        ON_TIME("on-time"), EARLY("early"), LATE("late");

        private final String wire;

        Arrival(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final Store store;
    private final CatalogService catalog;
    private final Config.Appointments rules;

    public Appointments(Store store, CatalogService catalog, Config.Appointments rules) {
        this.store = store;
        this.catalog = catalog;
        this.rules = rules;
    }

    public Config.Appointments rules() {
        return rules;
    }

    // ---- the station's and the admin's side ----

    /**
     * Replaces the bookings of one day: {@code {"v":1,"day":"2026-11-27","appointments":[{code, service, from,
     * to, phone}]}}. Bookings of that day left out are cancelled unless {@code "replace": false}; checked-in
     * and missed ones are history and stay as they are. Every problem is reported at once; any problem changes
     * nothing.
     */
    public Map<String, Object> put(JsonNode body, String source) {
        List<String> errors = new ArrayList<>();
        LocalDate day = BookingForm.date(body.get("day"), "day", errors);
        boolean replace = !body.has("replace") || body.get("replace").asBoolean(true);
        if (body.has("v") && body.get("v").asInt() != 1) {
            errors.add("v: must be 1");
        }
        JsonNode list = body.get("appointments");
        List<Appointment> wanted = new ArrayList<>();
        if (list == null || !list.isArray()) {
            errors.add("appointments: required, a list");
        } else if (list.size() > MAX_PER_PUT) {
            errors.add("appointments: at most " + MAX_PER_PUT + " in one request");
        } else {
            Catalog cat = catalog.current();
            Set<String> codes = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String p = "appointments[" + i + "]";
                Appointment a = BookingForm.parse(list.get(i), p, day, cat, errors);
                if (a != null && !codes.add(a.code())) {
                    errors.add(p + ".code: '" + a.code() + "' appears twice");
                }
                if (a != null) {
                    wanted.add(a);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw BookingForm.invalid(errors);
        }
        return store.write(tx -> {
            Connection c = tx.connection();
            int booked = 0;
            int unchanged = 0;
            int cancelled = 0;
            List<String> kept = new ArrayList<>();
            Set<String> listed = new HashSet<>();
            for (Appointment a : wanted) {
                listed.add(a.code());
                Optional<Appointment> old = Bookings.byCode(c, a.code());
                if (old.isPresent() && !old.get().state().equals("booked") && !old.get().state().equals("cancelled")) {
                    kept.add(a.code());
                    continue;
                }
                if (old.isPresent() && old.get().state().equals("booked") && BookingForm.same(old.get(), a)) {
                    unchanged++;
                    continue;
                }
                Bookings.save(tx, a, source);
                booked++;
            }
            if (replace) {
                for (Appointment old : Bookings.ofDay(c, day.toString())) {
                    if (old.state().equals("booked") && !listed.contains(old.code())) {
                        Bookings.cancel(tx, old, source);
                        cancelled++;
                    }
                }
            }
            checkCaps(c, day.toString());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("day", day.toString());
            out.put("booked", booked);
            out.put("unchanged", unchanged);
            out.put("cancelled", cancelled);
            // Checked in or missed: history, which a later push does not rewrite.
            out.put("alreadyUsed", kept);
            return out;
        });
    }

    /** The admin enters one booking; a code is made when none is given. */
    public Appointment add(JsonNode body, String source) {
        List<String> errors = new ArrayList<>();
        LocalDate day = BookingForm.date(body.get("day"), "day", errors);
        JsonNode n = body.deepCopy();
        if (!n.hasNonNull("code")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("code", BookingForm.newCode());
        }
        Appointment a = BookingForm.parse(n, "appointment", day, catalog.current(), errors);
        if (!errors.isEmpty()) {
            throw BookingForm.invalid(errors);
        }
        return store.write(tx -> {
            Optional<Appointment> old = Bookings.byCode(tx.connection(), a.code());
            if (old.isPresent() && !old.get().state().equals("cancelled")) {
                throw Problem.APPOINTMENTS_INVALID.exception("code: '" + a.code() + "' is already booked");
            }
            Bookings.save(tx, a, source);
            checkCaps(tx.connection(), a.day());
            return a;
        });
    }

    /** Whether the day has bookings still to check in: the kiosk shows its check-in button then. */
    public boolean anyBooked(LocalDate day) {
        return store.read(c -> Bookings.anyBooked(c, day.toString()));
    }

    /** A day's bookings in slot order, with their states. */
    public List<Appointment> list(LocalDate day) {
        return store.read(c -> Bookings.ofDay(c, day.toString()));
    }

    /**
     * Records as missed each booking whose check-in window has closed unused (its slot's end plus the late
     * minutes, or any earlier day). Returns how many.
     */
    public int sweepMissed() {
        OffsetDateTime now = OffsetDateTime.now(store.clock().withZone(store.zone()));
        String today = store.today().toString();
        List<Appointment> due = store.read(c -> {
            List<Appointment> out = new ArrayList<>();
            for (Appointment a : Bookings.bookedUntil(c, today)) {
                if (a.day().compareTo(today) < 0 || now.isAfter(closes(a))) {
                    out.add(a);
                }
            }
            return out;
        });
        if (due.isEmpty()) {
            return 0;
        }
        return store.write(tx -> {
            int n = 0;
            for (Appointment a : due) {
                if (Bookings.missed(tx, a)) {
                    n++;
                }
            }
            if (n > 0) {
                log.debug("appointment: {} recorded as missed", n);
            }
            return n;
        });
    }

    // ---- check-in, inside the ticket engine's transaction ----

    /** Where {@code now} falls against the booking's check-in window. */
    public Arrival arrival(Appointment a, OffsetDateTime now) {
        if (now.isBefore(opens(a))) {
            return Arrival.EARLY;
        }
        return a.state().equals("missed") || now.isAfter(closes(a)) ? Arrival.LATE : Arrival.ON_TIME;
    }

    /** The refusal for a check-in outside its window, naming the slot and the window. */
    public QmsException outside(Appointment a, Arrival arrival) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("slot", Map.of("day", a.day(), "from", a.from(), "to", a.to()));
        ext.put("checkInFrom", opens(a).toString());
        ext.put("checkInUntil", closes(a).toString());
        String slot = a.day() + " " + a.from() + "–" + a.to();
        return arrival == Arrival.EARLY
                ? new QmsException(Problem.APPOINTMENT_TOO_EARLY, "appointment " + a.code() + " is for " + slot
                        + "; check-in opens at " + opens(a).toLocalTime() + (opens(a).toLocalDate().toString()
                        .equals(a.day()) ? "" : " on " + a.day()), ext)
                : new QmsException(Problem.APPOINTMENT_TOO_LATE, "appointment " + a.code() + " was for " + slot
                        + "; check-in closed at " + closes(a).toLocalTime(), ext);
    }

    /** What the kiosk tells the citizen about the booking that made (or did not make) the ticket. */
    public Map<String, Object> describe(Appointment a, Arrival arrival) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", a.code());
        m.put("slot", Map.of("day", a.day(), "from", a.from(), "to", a.to()));
        m.put("arrival", arrival.wire());
        m.put("message", switch (arrival) {
            case ON_TIME -> "预约签到成功，请留意叫号";
            case EARLY -> "未到预约签到时间（" + opens(a).toLocalTime() + " 起），已为您取普通号";
            case LATE -> "已过预约签到时间（" + closes(a).toLocalTime() + " 止），已为您取普通号";
        });
        return m;
    }

    public static Optional<Appointment> byCode(Connection c, String code) throws SQLException {
        return Bookings.byCode(c, code);
    }

    /** Marks the booking used by {@code ticket}; the caller logs the ticket's event with the code. */
    public static void checkedIn(Tx tx, Appointment a, String ticket, Arrival arrival) throws SQLException {
        Bookings.checkedIn(tx, a, ticket, arrival.wire());
    }

    /** Bookings of a day and service still to come: they hold places under the daily cap. */
    public static int outstanding(Connection c, String day, String service) throws SQLException {
        return Bookings.outstanding(c, day, service);
    }

    /** Counts of the range's bookings by state and arrival, for the statistics. */
    public Map<String, Object> stats(LocalDate from, LocalDate to) {
        return store.read(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : List.of("booked", "checkedIn", "onTime", "early", "late", "missed", "cancelled")) {
                out.put(k, 0);
            }
            Map<String, Map<String, Integer>> per = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT service, state, arrival, COUNT(*) FROM appointments "
                    + "WHERE day BETWEEN ? AND ? GROUP BY service, state, arrival")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int n = rs.getInt(4);
                        String state = switch (rs.getString(2)) {
                            case "checked_in" -> "checkedIn";
                            default -> rs.getString(2);
                        };
                        if (!state.equals("cancelled")) {
                            out.merge("booked", n, (a, b) -> (Integer) a + (Integer) b);
                        }
                        if (!state.equals("booked")) {
                            out.merge(state, n, (a, b) -> (Integer) a + (Integer) b);
                        }
                        if (rs.getString(3) != null) {
                            String arrival = rs.getString(3).equals("on-time") ? "onTime" : rs.getString(3);
                            out.merge(arrival, n, (a, b) -> (Integer) a + (Integer) b);
                        }
                        per.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).merge(state, n, Integer::sum);
                    }
                }
            }
            // booked = all not cancelled, so the shares add up: checkedIn + missed + still booked
            out.put("byService", per);
            return out;
        });
    }

    // ---- helpers ----

    private OffsetDateTime opens(Appointment a) {
        return at(a.day(), a.from()).minusMinutes(rules.earlyMinutes());
    }

    private OffsetDateTime closes(Appointment a) {
        return at(a.day(), a.to()).plusMinutes(rules.lateMinutes());
    }

    private OffsetDateTime at(String day, String time) {
        return ZonedDateTime.of(LocalDate.parse(day), LocalTime.parse(time), store.zone()).toOffsetDateTime();
    }

    /** A day's bookings may not exceed a service's daily cap together with the tickets already issued. */
    private void checkCaps(Connection c, String day) throws SQLException {
        for (var e : Bookings.outstandingByService(c, day).entrySet()) {
            Catalog.ServiceType st = catalog.current().service(e.getKey()).orElse(null);
            if (st != null) {
                ServicePolicy.requireRoomForBookings(c, st, day, e.getValue());
            }
        }
    }
}
