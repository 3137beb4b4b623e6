package org.hallqms.store;

/** The latest committed event's seq and hash (seq 0 and the genesis hash for an empty log). */
public record EventHead(long seq, String hash) {
}
