package org.hallqms.counter;

/** A counter's stored state. {@code ticket} is the id of the ticket it is calling or serving, or null. */
public record CounterRow(String id, String state, String reason, String officer, String tokenHash, String ticket,
                         int priorityRun) {
    public boolean open() {
        return state.equals("open");
    }
}
