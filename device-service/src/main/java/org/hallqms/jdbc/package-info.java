/**
 * JDBC helpers that know neither the hall nor the station, shared by both: the schema migration runner (SQLite
 * and PostgreSQL) and rows to records by column name. Owns no table but {@code qms_schema_version}, the
 * station's record of applied migrations (the hall keeps its version in SQLite's {@code user_version}).
 */
package org.hallqms.jdbc;
