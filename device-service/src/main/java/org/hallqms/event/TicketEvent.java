package org.hallqms.event;

import java.time.LocalDate;
import java.util.List;

/** A ticket's life: issued, called (and recalled), started, finished or no-show, transferred, expired. */
public sealed interface TicketEvent extends HallEvent {
    /** The ticket's id. */
    String ticket();

    /** Its number as shown, e.g. A012. */
    String number();

    /** The service it was in when the event happened. */
    String service();

    /** Where a ticket came from. */
    enum Channel implements Wire {
        KIOSK("kiosk"), BUTTON("button"), APPOINTMENT("appointment"), STAFF("staff");

        private final String wire;

        Channel(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** The priority class a ticket was issued with. */
    enum Priority implements Wire {
        NORMAL("normal"), APPOINTMENT("appointment"), GREEN("green");

        private final String wire;

        Priority(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** When a booking's holder checked in, against the slot. */
    enum Arrival implements Wire {
        ON_TIME("on-time"), EARLY("early"), LATE("late");

        private final String wire;

        Arrival(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** The states an unfinished ticket can expire from. */
    enum Unfinished implements Wire {
        WAITING("waiting"), CALLED("called"), SERVING("serving");

        private final String wire;

        Unfinished(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** @param appointment the booking code on a check-in, else null (and so is {@code arrival}) */
    record Issued(String ticket, String number, String service, Channel channel, Priority priority,
                  String appointment, Arrival arrival) implements TicketEvent {
        public static final String TYPE = "ticket.issued";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The first call; its JSON carries {@code "recall":0}. */
    record Called(String ticket, String number, String service, String counter, String officer)
            implements TicketEvent {
        public static final String TYPE = "ticket.called";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param recall how many times it has been recalled now, counting from 1 */
    record Recalled(String ticket, String number, String service, String counter, String officer, int recall)
            implements TicketEvent {
        public static final String TYPE = "ticket.recalled";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Started(String ticket, String number, String service, String counter, String officer)
            implements TicketEvent {
        public static final String TYPE = "ticket.started";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * @param missing the missing materials of an incomplete finish; empty otherwise (and then not written)
     * @param reason  an incomplete finish's reason code, else null
     */
    record Finished(String ticket, String number, String service, String counter, String officer, Outcome outcome,
                    long serviceSeconds, List<String> missing, String reason) implements TicketEvent {
        public static final String TYPE = "ticket.finished";

        public Finished {
            missing = missing == null ? List.of() : List.copyOf(missing);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    record NoShow(String ticket, String number, String service, String counter, String officer, int recalls)
            implements TicketEvent {
        public static final String TYPE = "ticket.no_show";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param toCounter the counter it was sent to, or null when sent to a service's queue */
    record Transferred(String ticket, String number, String service, String counter, String officer,
                       String toService, String toCounter) implements TicketEvent {
        public static final String TYPE = "ticket.transferred";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param day the ticket's own business day, before the one that expired it */
    record Expired(String ticket, String number, String service, LocalDate day, Unfinished from)
            implements TicketEvent {
        public static final String TYPE = "ticket.expired";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
