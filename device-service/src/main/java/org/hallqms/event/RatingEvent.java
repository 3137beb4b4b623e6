package org.hallqms.event;

import java.time.OffsetDateTime;
import java.util.List;

/** An evaluator's rating session: requested after a finish, then recorded or not rated. */
public sealed interface RatingEvent extends HallEvent {
    String session();

    /** The evaluator's device id. */
    String device();

    String ticket();

    String number();

    String service();

    String counter();

    String officer();

    /** Why a session closed without a rating. */
    enum NotRatedReason implements Wire {
        TIMEOUT("timeout"), SUPERSEDED("superseded");

        private final String wire;

        NotRatedReason(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    record Requested(String session, String device, String ticket, String number, String service, String counter,
                     String officer, Outcome outcome, OffsetDateTime expiresAt) implements RatingEvent {
        public static final String TYPE = "rating.requested";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * @param level   1 to 5
     * @param reasons reason codes, at least one for a level of 1 or 2
     * @param message the device message id that carried the rating
     */
    record Recorded(String session, String device, String ticket, String number, String service, String counter,
                    String officer, int level, List<String> reasons, String message) implements RatingEvent {
        public static final String TYPE = "rating.recorded";

        public Recorded {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    record NotRated(String session, String device, String ticket, String number, String service, String counter,
                    String officer, NotRatedReason reason) implements RatingEvent {
        public static final String TYPE = "rating.not_rated";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
