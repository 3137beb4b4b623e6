/**
 * The hall's end of station sync: the feed (the event log paged by cursor, streamed from SQLite with each event's
 * hash, byte for byte as hashed). The station's puller lives in {@code org.hallqms.station}; the two share only
 * the feed's page shape and the event contract.
 */
package org.hallqms.sync;
