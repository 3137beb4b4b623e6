package org.hallqms.event;

/** How a ticket's service ended: done, or incomplete (办不成事). */
public enum Outcome implements Wire {
    DONE("done"), INCOMPLETE("incomplete");

    private final String wire;

    Outcome(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
