package org.hallqms.appointment;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.appointment.Appointments.Appointment;
import org.hallqms.catalog.Catalog;

/** A booking as the station or the admin sends it, checked field by field; every problem is collected. */
final class BookingForm {
    // A masked mobile such as 138****1234: at most seven digits shown, the rest starred.
    private static final Pattern PHONE = Pattern.compile("[0-9]{0,4}\\*{4,8}[0-9]{0,4}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final char[] CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private BookingForm() {
    }

    /** The booking at {@code p} of the request, or null with its problems added to {@code errors}. */
    static Appointment parse(JsonNode n, String p, LocalDate day, Catalog cat, List<String> errors) {
        if (n == null || !n.isObject()) {
            errors.add(p + ": must be an object");
            return null;
        }
        int before = errors.size();
        String code = text(n, p, "code", true, errors);
        if (code != null && !Appointments.CODE.matcher(code).matches()) {
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

    static LocalDate date(JsonNode v, String field, List<String> errors) {
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

    static QmsException invalid(List<String> errors) {
        return new QmsException(Problem.APPOINTMENTS_INVALID, errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                + ", first: " + errors.get(0), Map.of("errors", errors));
    }

    /** The same slot of the same service for the same (masked) phone: a repeated push changes nothing. */
    static boolean same(Appointment a, Appointment b) {
        return a.day().equals(b.day()) && a.service().equals(b.service()) && a.from().equals(b.from())
                && a.to().equals(b.to()) && Objects.equals(a.phone(), b.phone());
    }

    static String newCode() {
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) {
            out[i] = CODE_CHARS[RANDOM.nextInt(CODE_CHARS.length)];
        }
        return new String(out);
    }
}
