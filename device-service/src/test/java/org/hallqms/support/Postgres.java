package org.hallqms.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database test, trust auth), one fresh schema per use. Without a
 * server the test is skipped on a laptop, but fails when CI=true.
 */
public final class Postgres {
    public static final String BASE = System.getenv().getOrDefault("QMS_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private Postgres() {
    }

    public static void requireServer() {
        try (Connection c = DriverManager.getConnection(BASE)) {
            c.isValid(2);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL is required when CI=true (" + BASE + "): " + e.getMessage(), e);
            }
            Assumptions.abort("no PostgreSQL at " + BASE + ": " + e.getMessage());
        }
    }

    /** A new empty schema; the returned JDBC URL makes it the current one. */
    public static String freshSchema() {
        String schema = "qms_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        exec("CREATE SCHEMA " + schema);
        return BASE + "&currentSchema=" + schema;
    }

    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    public static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
