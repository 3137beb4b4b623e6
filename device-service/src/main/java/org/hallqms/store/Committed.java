package org.hallqms.store;

import org.hallqms.event.HallEvent;

/**
 * One committed event as its listeners get it: the logged row (seq, id, time, hash) and the typed event.
 *
 * @param event the record the producer appended; for an event appended as a type string and data, the codec's
 *              reading of that data, done once for all listeners
 */
public record Committed(Event row, HallEvent event) {
}
