package org.hallqms.mqtt;

import org.hallqms.Problem;
import org.hallqms.rating.RatingRefused;

/**
 * The domain's refusals as the ack {@code error} codes of MQTT contract v1 (docs/asyncapi.yaml). The codes are a
 * contract: devices branch on them, so a new refusal gets a new code here, an old one never changes.
 */
final class AckCodes {
    private AckCodes() {
    }

    static String of(RatingRefused.Why why) {
        return switch (why) {
            case NOT_BOUND -> "not_bound";
            case ALREADY_RATED -> "duplicate";
            case NO_OPEN_SESSION -> "no_open_session";
            case SESSION_MISMATCH -> "session_mismatch";
            case LEVEL_OUT_OF_RANGE -> "level_out_of_range";
            case UNKNOWN_REASON, REASONS_REQUIRED -> "reasons_required";
        };
    }

    /** A counter action refused by the ticket engine: its problem type's slug, in the ack's snake case. */
    static String of(Problem problem) {
        return problem.slug().replace('-', '_');
    }
}
