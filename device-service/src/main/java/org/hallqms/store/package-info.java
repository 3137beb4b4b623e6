/**
 * The SQLite file: schema migrations, the one writer path (group commit, one savepoint per operation), the
 * pool of read connections, the append-only hash-chained event log that is both audit trail and sync feed, and
 * the online backup.
 */
package org.hallqms.store;
