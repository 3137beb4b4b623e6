package org.hallqms.appointment;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.hallqms.store.Sql;
import org.hallqms.store.Store;
import org.hallqms.store.Tx;
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
    // A masked mobile such as 138****1234: at most seven digits shown, the rest starred.
    private static final Pattern PHONE = Pattern.compile("[0-9]{0,4}\\*{4,8}[0-9]{0,4}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final char[] CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
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
        LocalDate day = date(body.get("day"), "day", errors);
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
                Appointment a = parse(list.get(i), p, day, cat, errors);
                if (a != null && !codes.add(a.code())) {
                    errors.add(p + ".code: '" + a.code() + "' appears twice");
                }
                if (a != null) {
                    wanted.add(a);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
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
                Optional<Appointment> old = byCode(c, a.code());
                if (old.isPresent() && !old.get().state().equals("booked") && !old.get().state().equals("cancelled")) {
                    kept.add(a.code());
                    continue;
                }
                if (old.isPresent() && old.get().state().equals("booked") && same(old.get(), a)) {
                    unchanged++;
                    continue;
                }
                save(tx, a, source);
                booked++;
            }
            if (replace) {
                for (Appointment old : list(c, day.toString())) {
                    if (old.state().equals("booked") && !listed.contains(old.code())) {
                        cancel(tx, old, source);
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
        LocalDate day = date(body.get("day"), "day", errors);
        JsonNode n = body.deepCopy();
        if (!n.hasNonNull("code")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("code", newCode());
        }
        Appointment a = parse(n, "appointment", day, catalog.current(), errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return store.write(tx -> {
            Optional<Appointment> old = byCode(tx.connection(), a.code());
            if (old.isPresent() && !old.get().state().equals("cancelled")) {
                throw Problem.APPOINTMENTS_INVALID.exception("code: '" + a.code() + "' is already booked");
            }
            save(tx, a, source);
            checkCaps(tx.connection(), a.day());
            return a;
        });
    }

    /** Whether the day has bookings still to check in: the kiosk shows its check-in button then. */
    public boolean anyBooked(LocalDate day) {
        return store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM appointments WHERE day = ? AND state = 'booked' "
                    + "LIMIT 1")) {
                ps.setString(1, day.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** A day's bookings in slot order, with their states. */
    public List<Appointment> list(LocalDate day) {
        return store.read(c -> list(c, day.toString()));
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
            for (Appointment a : select(c, "SELECT " + COLUMNS + " FROM appointments WHERE state = 'booked' AND day <= ?",
                    today)) {
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
                if (Sql.update(tx.connection(), "UPDATE appointments SET state = 'missed', updated_at = ? WHERE code = ? "
                        + "AND state = 'booked'", tx.now().toString(), a.code()) == 1) {
                    tx.append("appointment.missed", eventData(a));
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
        List<Appointment> l = select(c, "SELECT " + COLUMNS + " FROM appointments WHERE code = ?",
                code.toUpperCase(Locale.ROOT));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Marks the booking used by {@code ticket}; the caller logs the ticket's event with the code. */
    public static void checkedIn(Tx tx, Appointment a, String ticket, Arrival arrival) throws SQLException {
        Sql.update(tx.connection(), "UPDATE appointments SET state = 'checked_in', arrival = ?, ticket = ?, updated_at = ? "
                + "WHERE code = ?", arrival.wire(), ticket, tx.now().toString(), a.code());
    }

    /** Bookings of a day and service still to come: they hold places under the daily cap. */
    public static int outstanding(Connection c, String day, String service) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM appointments WHERE day = ? AND service = ? AND state = 'booked'", day,
                service);
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

    private Appointment parse(JsonNode n, String p, LocalDate day, Catalog cat, List<String> errors) {
        if (n == null || !n.isObject()) {
            errors.add(p + ": must be an object");
            return null;
        }
        int before = errors.size();
        String code = text(n, p, "code", true, errors);
        if (code != null && !CODE.matcher(code).matches()) {
            errors.add(p + ".code: must be 4 to 32 letters and digits");
        }
        String service = text(n, p, "service", true, errors);
        if (service != null && cat.service(service).isEmpty()) {
            errors.add(p + ".service: no service '" + service + "' in the catalogue");
        }
        String from = text(n, p, "from", true, errors);
        String to = text(n, p, "to", true, errors);
        for (String[] t : new String[][] {{"from", from}, {"to", to}}) {
            if (t[1] != null && !TIME.matcher(t[1]).matches()) {
                errors.add(p + "." + t[0] + ": must be a time like 09:30");
            }
        }
        if (from != null && to != null && TIME.matcher(from).matches() && TIME.matcher(to).matches()
                && from.compareTo(to) >= 0) {
            errors.add(p + ".to: must be after from");
        }
        String phone = text(n, p, "phone", false, errors);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            // Never stored, never echoed: the hall keeps masked numbers only.
            errors.add(p + ".phone: must be masked like 138****1234; the hall does not keep full phone numbers");
        }
        if (errors.size() > before || day == null) {
            return null;
        }
        return new Appointment(code.toUpperCase(Locale.ROOT), day.toString(), service, from, to, phone, "booked", null, null);
    }

    private static String text(JsonNode n, String p, String field, boolean required, List<String> errors) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(p + "." + field + ": required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 32) {
            errors.add(p + "." + field + ": must be a non-empty string of at most 32 characters");
            return null;
        }
        return v.asText().strip();
    }

    private static LocalDate date(JsonNode v, String field, List<String> errors) {
        if (v == null || !v.isTextual()) {
            errors.add(field + ": required, a date like 2026-11-27");
            return null;
        }
        try {
            return LocalDate.parse(v.asText());
        } catch (DateTimeParseException e) {
            errors.add(field + ": must be a date like 2026-11-27");
            return null;
        }
    }

    private static QmsException invalid(List<String> errors) {
        return new QmsException(Problem.APPOINTMENTS_INVALID, errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                + ", first: " + errors.get(0), Map.of("errors", errors));
    }

    private static boolean same(Appointment a, Appointment b) {
        return a.day().equals(b.day()) && a.service().equals(b.service()) && a.from().equals(b.from())
                && a.to().equals(b.to()) && java.util.Objects.equals(a.phone(), b.phone());
    }

    private static void save(Tx tx, Appointment a, String source) throws SQLException {
        Sql.update(tx.connection(), "INSERT INTO appointments(code, day, service, slot_from, slot_to, phone, state, source, "
                + "updated_at) VALUES (?,?,?,?,?,?,'booked',?,?) ON CONFLICT(code) DO UPDATE SET day = excluded.day, "
                + "service = excluded.service, slot_from = excluded.slot_from, slot_to = excluded.slot_to, "
                + "phone = excluded.phone, state = 'booked', source = excluded.source, updated_at = excluded.updated_at",
                a.code(), a.day(), a.service(), a.from(), a.to(), a.phone(), source, tx.now().toString());
        Map<String, Object> data = eventData(a);
        data.put("source", source);
        tx.append("appointment.booked", data);
    }

    private static void cancel(Tx tx, Appointment a, String source) throws SQLException {
        Sql.update(tx.connection(), "UPDATE appointments SET state = 'cancelled', updated_at = ? WHERE code = ?",
                tx.now().toString(), a.code());
        Map<String, Object> data = eventData(a);
        data.put("source", source);
        tx.append("appointment.cancelled", data);
    }

    /** The phone stays in the hall: the station has it already, and the log is copied further. */
    private static Map<String, Object> eventData(Appointment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", a.code());
        m.put("service", a.service());
        m.put("day", a.day());
        m.put("from", a.from());
        m.put("to", a.to());
        return m;
    }

    /** A day's bookings may not exceed a service's daily cap together with the tickets already issued. */
    private void checkCaps(Connection c, String day) throws SQLException {
        Map<String, Integer> held = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT service, COUNT(*) FROM appointments WHERE day = ? AND "
                + "state = 'booked' GROUP BY service")) {
            ps.setString(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        for (var e : held.entrySet()) {
            Catalog.ServiceType st = catalog.current().service(e.getKey()).orElse(null);
            if (st == null || st.dailyCap() == 0) {
                continue;
            }
            int issued = Sql.count(c, "SELECT COUNT(*) FROM tickets WHERE day = ? AND origin_service = ?", day, st.code());
            if (issued + e.getValue() > st.dailyCap()) {
                throw new QmsException(Problem.SERVICE_FULL, st.code() + ": " + e.getValue() + " bookings and " + issued
                        + " tickets issued exceed the daily cap of " + st.dailyCap() + "; nothing was changed",
                        Map.of("service", st.code()));
            }
        }
    }

    private static final String COLUMNS = "code, day, service, slot_from, slot_to, phone, state, arrival, ticket";

    private static List<Appointment> list(Connection c, String day) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM appointments WHERE day = ? ORDER BY slot_from, code", day);
    }

    private static List<Appointment> select(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Appointment> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Appointment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                }
                return out;
            }
        }
    }

    private static String newCode() {
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) {
            out[i] = CODE_CHARS[RANDOM.nextInt(CODE_CHARS.length)];
        }
        return new String(out);
    }
}
