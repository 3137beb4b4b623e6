package org.hallqms.rating;

/** A rating session as stored. */
public record RatingSession(String id, String device, String counter, String ticket, String number, String service,
                            String officer, String state, String result, String openedAt, String expiresAt) {
    public boolean open() {
        return state.equals("open");
    }
}
