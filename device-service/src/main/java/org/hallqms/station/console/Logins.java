package org.hallqms.station.console;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Logging in and out, and who a request's session belongs to. A wrong password and an unknown name get the same
 * answer after the same work; only the SHA-256 of a session token is stored.
 */
final class Logins {
    private final Users users;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Duration sessionLength;

    Logins(Users users, Clock clock, Duration sessionLength) {
        this.users = users;
        this.throttle = new LoginThrottle(clock);
        this.clock = clock;
        this.sessionLength = sessionLength;
    }

    record Session(String token, User user, Instant expires) {
    }

    /** A new session, or a refusal ({@code login-failed}, {@code login-throttled} with its wait). */
    Session login(String name, String password, String address) throws SQLException {
        // counted before the slow password check, so parallel guesses cannot all slip past the limit
        long wait = throttle.reserve(name, address);
        if (wait > 0) {
            throw new Throttled(wait);
        }
        Optional<Users.Stored> stored = users.find(name);
        boolean ok = Passwords.matches(password, stored.map(Users.Stored::password).orElse(null));
        if (!ok) {
            throw ConsoleProblem.LOGIN_FAILED.refuse("the user name or the password is wrong");
        }
        throttle.succeeded(name, address);
        String token = Passwords.token();
        Instant now = clock.instant();
        Instant expires = now.plus(sessionLength);
        users.startSession(Passwords.tokenHash(token), name, now, expires);
        return new Session(token, stored.get().user(), expires);
    }

    Optional<User> user(String token) throws SQLException {
        return token == null || token.isEmpty() || token.length() > 100 ? Optional.empty()
                : users.session(Passwords.tokenHash(token), clock.instant());
    }

    void logout(String token) throws SQLException {
        if (token != null && token.length() <= 100) {
            users.endSession(Passwords.tokenHash(token));
        }
    }

    Duration sessionLength() {
        return sessionLength;
    }

    /** Refused before the password was even checked. */
    static final class Throttled extends RuntimeException {
        final long retryAfterSeconds;

        Throttled(long retryAfterSeconds) {
            super("too many failed logins for this name or from this address; retry in " + retryAfterSeconds + " s",
                    null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }
}
