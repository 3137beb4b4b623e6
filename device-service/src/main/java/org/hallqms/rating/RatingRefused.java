package org.hallqms.rating;

/** A rating that was not recorded, and why; nothing was changed. Adapters turn {@link #why()} into their codes. */
public final class RatingRefused extends RuntimeException {
    /** Why a rating is refused; stable, adapters map each one to a code of their contract. */
    public enum Why {
        /** The session belongs to another evaluator. */
        NOT_BOUND,
        /** The session's ticket is already rated. */
        ALREADY_RATED,
        /** The evaluator has no open session. */
        NO_OPEN_SESSION,
        /** The evaluator's open session is another one. */
        SESSION_MISMATCH,
        /** The level is not a whole number from 1 to 5. */
        LEVEL_OUT_OF_RANGE,
        /** A reason code the catalogue does not know. */
        UNKNOWN_REASON,
        /** A bad rating (1 or 2) without a reason. */
        REASONS_REQUIRED
    }

    private final Why why;

    RatingRefused(Why why, String message) {
        super(message, null, false, false);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
