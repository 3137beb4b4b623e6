/**
 * The station's sync feed: the event log paged by cursor, streamed from SQLite with each event's hash so the
 * station can verify that nothing was removed or altered.
 */
package org.hallqms.sync;
