package org.hallqms.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code meta} table: small named values the hall keeps between starts (the day already rolled to, the
 * announcer's cursor). The store owns the table; features ask here instead of writing its SQL.
 */
public final class Meta {
    private Meta() {
    }

    /** The value under {@code key}, read on any connection (a read, or the write transaction). */
    public static Optional<String> get(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString("value")) : Optional.empty();
            }
        }
    }

    /** Sets {@code key} to {@code value} in the write transaction; it commits with the rest of the operation. */
    public static void put(Tx tx, String key, String value) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}
