/**
 * The event contract: {@link org.hallqms.event.HallEvent}, one record per event type the hall logs, and
 * {@link org.hallqms.event.HallEvents}, the one codec between those records and the log's canonical JSON.
 * The JSON is the hash-chained form of the log and the station's sync feed: its bytes must never change
 * (keys sorted, absent and null fields exactly as written since version 1), or old chains stop verifying.
 * Producers append records through the store; listeners get them back after commit, already typed.
 */
package org.hallqms.event;
