/**
 * The hall's SQLite file. {@link org.hallqms.store.Store} is the one writer path (group commit, one savepoint per
 * operation, {@link org.hallqms.store.WriteQueue}) and the pool of read connections; beside it: the schema
 * ({@code HallDb}, scripts in {@code db/hall}), WAL checkpoints, reading the append-only hash-chained event log
 * that is both audit trail and sync feed ({@code EventLog}), the online backup, and the privacy of the data dir
 * (0700, database files 0600, one service per dir). Owns the tables {@code events} and {@code meta} (ask
 * {@link org.hallqms.store.Meta}); feature tables belong to their feature packages.
 */
package org.hallqms.store;
