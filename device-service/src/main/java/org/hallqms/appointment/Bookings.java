package org.hallqms.appointment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hallqms.appointment.Appointments.Appointment;
import org.hallqms.event.AppointmentEvent;
import org.hallqms.event.Wire;
import org.hallqms.store.Sql;
import org.hallqms.store.Tx;

/**
 * SQL over the appointments table, which this package owns, and the events of its changes. The events leave
 * the phone out: the station has it already, and the log is copied further.
 */
final class Bookings {
    private static final String COLUMNS = "code, day, service, slot_from, slot_to, phone, state, arrival, ticket";

    private Bookings() {
    }

    static Optional<Appointment> byCode(Connection c, String code) throws SQLException {
        List<Appointment> l = select(c, "SELECT " + COLUMNS + " FROM appointments WHERE code = ?",
                code.toUpperCase(Locale.ROOT));
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** A day's bookings in slot order. */
    static List<Appointment> ofDay(Connection c, String day) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM appointments WHERE day = ? ORDER BY slot_from, code", day);
    }

    /** Bookings still to check in, of {@code today} and before. */
    static List<Appointment> bookedUntil(Connection c, String today) throws SQLException {
        return select(c, "SELECT " + COLUMNS + " FROM appointments WHERE state = 'booked' AND day <= ?", today);
    }

    static boolean anyBooked(Connection c, String day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM appointments WHERE day = ? AND state = 'booked' "
                + "LIMIT 1")) {
            ps.setString(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static int outstanding(Connection c, String day, String service) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM appointments WHERE day = ? AND service = ? AND state = 'booked'", day,
                service);
    }

    /** Per service, a day's bookings still to come. */
    static Map<String, Integer> outstandingByService(Connection c, String day) throws SQLException {
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
        return held;
    }

    static void save(Tx tx, Appointment a, String source) throws SQLException {
        Sql.update(tx.connection(), "INSERT INTO appointments(code, day, service, slot_from, slot_to, phone, state, source, "
                + "updated_at) VALUES (?,?,?,?,?,?,'booked',?,?) ON CONFLICT(code) DO UPDATE SET day = excluded.day, "
                + "service = excluded.service, slot_from = excluded.slot_from, slot_to = excluded.slot_to, "
                + "phone = excluded.phone, state = 'booked', source = excluded.source, updated_at = excluded.updated_at",
                a.code(), a.day(), a.service(), a.from(), a.to(), a.phone(), source, tx.now().toString());
        tx.append(new AppointmentEvent.Booked(a.code(), a.service(), LocalDate.parse(a.day()), a.from(), a.to(),
                Wire.parse(AppointmentEvent.Source.class, source)));
    }

    static void cancel(Tx tx, Appointment a, String source) throws SQLException {
        Sql.update(tx.connection(), "UPDATE appointments SET state = 'cancelled', updated_at = ? WHERE code = ?",
                tx.now().toString(), a.code());
        tx.append(new AppointmentEvent.Cancelled(a.code(), a.service(), LocalDate.parse(a.day()), a.from(), a.to(),
                Wire.parse(AppointmentEvent.Source.class, source)));
    }

    /** Records the booking as missed unless it changed meanwhile; true when it did. */
    static boolean missed(Tx tx, Appointment a) throws SQLException {
        if (Sql.update(tx.connection(), "UPDATE appointments SET state = 'missed', updated_at = ? WHERE code = ? "
                + "AND state = 'booked'", tx.now().toString(), a.code()) != 1) {
            return false;
        }
        tx.append(new AppointmentEvent.Missed(a.code(), a.service(), LocalDate.parse(a.day()), a.from(), a.to()));
        return true;
    }

    static void checkedIn(Tx tx, Appointment a, String ticket, String arrival) throws SQLException {
        Sql.update(tx.connection(), "UPDATE appointments SET state = 'checked_in', arrival = ?, ticket = ?, updated_at = ? "
                + "WHERE code = ?", arrival, ticket, tx.now().toString(), a.code());
    }

    private static List<Appointment> select(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Appointment> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Appointment(rs.getString("code"), rs.getString("day"), rs.getString("service"),
                            rs.getString("slot_from"), rs.getString("slot_to"), rs.getString("phone"),
                            rs.getString("state"), rs.getString("arrival"), rs.getString("ticket")));
                }
                return out;
            }
        }
    }
}
