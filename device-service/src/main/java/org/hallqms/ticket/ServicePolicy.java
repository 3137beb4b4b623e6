package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.appointment.Appointments;
import org.hallqms.catalog.Catalog.ServiceType;

/**
 * When a service takes tickets: its open hours, and its daily cap, which the day's issued tickets and its
 * bookings still to come share. The one place both rules live; issuing, the kiosk's list and the bookings all
 * ask here.
 */
public final class ServicePolicy {
    private ServicePolicy() {
    }

    /** The cap rule: {@code more} fit beside {@code issued} tickets and {@code held} outstanding bookings. */
    static boolean fits(ServiceType st, int issued, int held, int more) {
        return st.dailyCap() == 0 || issued + held + more <= st.dailyCap();
    }

    public static boolean openAt(ServiceType st, LocalTime t) {
        if (st.hours().isEmpty()) {
            return true;
        }
        for (List<String> h : st.hours()) {
            LocalTime from = LocalTime.parse(h.get(0));
            LocalTime to = h.get(1).equals("24:00") ? LocalTime.MAX : LocalTime.parse(h.get(1));
            if (!t.isBefore(from) && t.isBefore(to)) {
                return true;
            }
        }
        return false;
    }

    static void requireOpen(ServiceType st, OffsetDateTime now) {
        if (!openAt(st, now.toLocalTime())) {
            throw new QmsException(Problem.SERVICE_CLOSED, st.name().zh() + " takes tickets only "
                    + hoursText(st), Map.of("hours", st.hours()));
        }
    }

    /**
     * Room for one more ticket beside the day's issued ones and the bookings still to come ({@code own} of them
     * excepted: a booking turning into this very ticket). Without a cap nothing is read: this is on every press.
     */
    static void requireRoomForTicket(Connection c, ServiceType st, String day, int own) throws SQLException {
        if (st.dailyCap() == 0) {
            return;
        }
        int issued = Tickets.issuedCount(c, day, st.code());
        int held = Appointments.outstanding(c, day, st.code()) - own;
        if (!fits(st, issued, held, 1)) {
            throw new QmsException(Problem.SERVICE_FULL, st.name().zh() + " has issued its " + st.dailyCap()
                    + " tickets for today" + (held > 0 ? " (" + held + " of them booked by appointment)" : ""),
                    Map.of("appointmentsHeld", held));
        }
    }

    /** Whether the kiosk may still offer a ticket of the service today (the cap only; hours apart). */
    static boolean hasRoom(Connection c, ServiceType st, String day) throws SQLException {
        return st.dailyCap() == 0
                || fits(st, Tickets.issuedCount(c, day, st.code()), Appointments.outstanding(c, day, st.code()), 1);
    }

    /** Refuses a day's {@code booked} bookings that, with the tickets already issued, exceed the cap. */
    public static void requireRoomForBookings(Connection c, ServiceType st, String day, int booked) throws SQLException {
        if (st.dailyCap() == 0) {
            return;
        }
        int issued = Tickets.issuedCount(c, day, st.code());
        if (!fits(st, issued, booked, 0)) {
            throw new QmsException(Problem.SERVICE_FULL, st.code() + ": " + booked + " bookings and " + issued
                    + " tickets issued exceed the daily cap of " + st.dailyCap() + "; nothing was changed",
                    Map.of("service", st.code()));
        }
    }

    private static String hoursText(ServiceType st) {
        List<String> parts = new ArrayList<>();
        st.hours().forEach(h -> parts.add(h.get(0) + "–" + h.get(1)));
        return String.join(", ", parts);
    }
}
