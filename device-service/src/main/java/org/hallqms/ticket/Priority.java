package org.hallqms.ticket;

/** Priority classes; a higher rank is called first, within the fairness bound. */
public enum Priority {
    NORMAL("normal", 0), APPOINTMENT("appointment", 1), GREEN("green", 2);

    private final String wire;
    private final int rank;

    Priority(String wire, int rank) {
        this.wire = wire;
        this.rank = rank;
    }

    public String wire() {
        return wire;
    }

    public int rank() {
        return rank;
    }
}
