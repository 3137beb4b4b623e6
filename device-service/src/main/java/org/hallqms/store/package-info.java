/**
 * The SQLite file: schema migrations, the one writer path (group commit, one savepoint per operation), the
 * pool of read connections, the append-only hash-chained event log that is both audit trail and sync feed, and
 * the online backup; and the privacy of the data dir (0700, database files 0600).
 */
package org.hallqms.store;
