package org.hallqms.event;

/** A counter opened, closed, paused, resumed, or taken over by another officer. */
public sealed interface CounterEvent extends HallEvent {
    String counter();

    /** The officer's police number. */
    String officer();

    record Opened(String counter, String officer) implements CounterEvent {
        public static final String TYPE = "counter.opened";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param reason free text: logout, end of day, officer moved to counter N */
    record Closed(String counter, String officer, String reason) implements CounterEvent {
        public static final String TYPE = "counter.closed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Paused(String counter, String officer, String reason) implements CounterEvent {
        public static final String TYPE = "counter.paused";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Resumed(String counter, String officer) implements CounterEvent {
        public static final String TYPE = "counter.resumed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * @param officer the officer who took over
     * @param from    the officer replaced
     * @param ticket  the ticket in hand, which the new officer carries on with; null when there was none
     */
    record TakenOver(String counter, String officer, String from, String ticket) implements CounterEvent {
        public static final String TYPE = "counter.taken_over";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
