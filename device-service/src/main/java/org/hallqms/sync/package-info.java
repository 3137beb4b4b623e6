/**
 * Both ends of station sync: the hall's feed (the event log paged by cursor, streamed from SQLite with each
 * event's hash) and the station's puller ({@code sync-pull}), which verifies the chain event by event and
 * keeps a PostgreSQL copy with queryable tables, resuming from its stored cursor.
 */
package org.hallqms.sync;
