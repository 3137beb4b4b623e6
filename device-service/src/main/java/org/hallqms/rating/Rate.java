package org.hallqms.rating;

import java.util.List;

/**
 * A citizen's rating of the ticket an evaluator's session shows. {@code level} is 1 to 5 (anything else is
 * refused as out of range), {@code reasons} are catalogue reason codes, {@code requestId} is the sender's own id
 * for this rating (kept in the log as the event's {@code message}).
 */
public record Rate(String device, String session, int level, List<String> reasons, String requestId) {
    public Rate {
        reasons = List.copyOf(reasons);
    }
}
