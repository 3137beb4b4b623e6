package org.hallqms.store;

import org.hallqms.event.HallEvent;

/**
 * One committed event as its listeners get it: the logged row (seq, id, time, hash) and the typed event.
 *
 * @param event the very record the producer appended (its JSON is the row's data)
 */
public record Committed(Event row, HallEvent event) {
}
