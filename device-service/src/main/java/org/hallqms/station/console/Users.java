package org.hallqms.station.console;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.hallqms.station.StationSchema;

/**
 * The console's users and sessions in the station's PostgreSQL (owner of {@code qms_console_users} and
 * {@code qms_console_sessions}). One connection, used by one request at a time and opened again after a failure:
 * a console for a handful of people needs no pool.
 */
final class Users implements AutoCloseable {
    private final String url;
    private Connection c;

    /** A user row: the stored password hash goes no further than {@link Logins}. */
    record Stored(User user, String password) {
    }

    Users(String url) {
        this.url = url;
    }

    /** Adds a user; false when the name is taken and {@code replace} is not set. Replacing ends their sessions. */
    synchronized boolean add(String name, User.Role role, String hall, String passwordHash, boolean replace)
            throws SQLException {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_console_users(name, role, hall, password) "
                    + "VALUES (?,?,?,?) ON CONFLICT (name) DO " + (replace
                    ? "UPDATE SET role = excluded.role, hall = excluded.hall, password = excluded.password" : "NOTHING"))) {
                ps.setString(1, name);
                ps.setString(2, role.code);
                ps.setString(3, hall);
                ps.setString(4, passwordHash);
                boolean done = ps.executeUpdate() == 1;
                if (done && replace) {
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM qms_console_sessions WHERE name = ?")) {
                        del.setString(1, name);
                        del.executeUpdate();
                    }
                }
                return done;
            }
        });
    }

    /** Removes a user; false when there is none. Their sessions go with them (ON DELETE CASCADE). */
    synchronized boolean remove(String name) throws SQLException {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qms_console_users WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Whether the station has ever pulled (or tried to pull) this hall: it has a row in {@code qms_halls}. */
    synchronized boolean knownHall(String hall) throws SQLException {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM qms_halls WHERE hall = ?")) {
                ps.setString(1, hall);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    synchronized Optional<Stored> find(String name) throws SQLException {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, role, hall, password FROM qms_console_users "
                    + "WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(user(rs), rs.getString("password"))) : Optional.empty();
                }
            }
        });
    }

    synchronized void startSession(String tokenHash, String name, Instant now, Instant expires) throws SQLException {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qms_console_sessions WHERE expires_at <= ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO qms_console_sessions(token_hash, name, "
                    + "created_at, expires_at) VALUES (?,?,?,?)")) {
                ps.setString(1, tokenHash);
                ps.setString(2, name);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(expires));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The session's user while it has not expired at {@code now}. */
    synchronized Optional<User> session(String tokenHash, Instant now) throws SQLException {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT u.name, u.role, u.hall FROM qms_console_sessions s "
                    + "JOIN qms_console_users u ON u.name = s.name WHERE s.token_hash = ? AND s.expires_at > ?")) {
                ps.setString(1, tokenHash);
                ps.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    synchronized void endSession(String tokenHash) throws SQLException {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM qms_console_sessions WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("name"), User.Role.of(rs.getString("role")), rs.getString("hall"));
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(Work<T> work) throws SQLException {
        if (c == null || c.isClosed()) {
            Properties p = new Properties();
            p.setProperty("ApplicationName", "qms station console");
            c = DriverManager.getConnection(url, p);
            c.setAutoCommit(false);
            StationSchema.migrate(c);
        }
        try {
            T t = work.run(c);
            c.commit();
            return t;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the next call opens a new connection
            }
            c = null;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            c = null;
        }
    }
}
