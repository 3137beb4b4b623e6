package org.hallqms.event;

import java.time.LocalDate;

/** A booking made, cancelled, or missed. The phone number never appears: the log is copied further. */
public sealed interface AppointmentEvent extends HallEvent {
    /** The booking code. */
    String code();

    String service();

    LocalDate day();

    /** The slot's start, HH:mm. */
    String from();

    /** The slot's end, HH:mm. */
    String to();

    /** Who changed the bookings. */
    enum Source implements Wire {
        ADMIN("admin"), STATION("station");

        private final String wire;

        Source(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    record Booked(String code, String service, LocalDate day, String from, String to, Source source)
            implements AppointmentEvent {
        public static final String TYPE = "appointment.booked";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Cancelled(String code, String service, LocalDate day, String from, String to, Source source)
            implements AppointmentEvent {
        public static final String TYPE = "appointment.cancelled";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Missed(String code, String service, LocalDate day, String from, String to) implements AppointmentEvent {
        public static final String TYPE = "appointment.missed";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
