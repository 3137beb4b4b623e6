/**
 * The SQLite file: schema migrations, the one writer path (group commit, one savepoint per operation), the
 * pool of read connections, and the append-only hash-chained event log that is both audit trail and sync feed.
 */
package org.hallqms.store;
