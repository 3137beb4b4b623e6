package org.hallqms.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date: numbered scripts {@code V1.sql, V2.sql, …} from one resource folder,
 * each applied once, in order, in its own transaction together with the new version number. The hall's SQLite
 * and the station's PostgreSQL both use it; they differ only in where the version is kept ({@link Versions}).
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    // A statement ends with ';' at the end of a line (or the file): the scripts hold no ';' inside a statement.
    private static final Pattern END = Pattern.compile(";\\s*(\\n|$)");

    /** One numbered script, split into statements. */
    public record Script(int version, String resource, List<String> statements) {
    }

    private final String name;
    private final List<Script> scripts;
    private final Versions versions;

    private Migrations(String name, List<Script> scripts, Versions versions) {
        this.name = name;
        this.scripts = List.copyOf(scripts);
        this.versions = versions;
    }

    /**
     * The scripts {@code folder/V1.sql … folder/V<latest>.sql} on the class path. The latest version is named,
     * not discovered: a script missing from the jar must fail here, not look like an older schema.
     */
    public static Migrations of(String name, String folder, int latest, Versions versions) {
        List<Script> scripts = new ArrayList<>(latest);
        for (int v = 1; v <= latest; v++) {
            String resource = folder + "/V" + v + ".sql";
            scripts.add(new Script(v, resource, statements(read(resource))));
        }
        return new Migrations(name, scripts, versions);
    }

    /** The version the newest script brings a database to. */
    public int latest() {
        return scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
    }

    /**
     * Applies every script newer than the database's version. Refuses a database newer than these scripts
     * (a downgrade would misread it). Leaves the connection's auto-commit as it found it.
     *
     * @return the database's version afterwards
     */
    public int migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int version = current(c);
            c.commit();
            for (Script s : scripts) {
                if (s.version() > version) {
                    version = apply(c, s);
                }
            }
            return version;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private int current(Connection c) throws SQLException {
        int version = versions.read(c);
        if (version > latest()) {
            c.rollback();
            throw new SQLException("the " + name + " database schema is version " + version + ", newer than this "
                    + "service's " + latest() + "; run the newer service or restore a backup");
        }
        return version;
    }

    private int apply(Connection c, Script script) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Read again under the lock: another process may have applied it meanwhile.
            int version = current(c);
            if (version >= script.version()) {
                c.commit();
                return version;
            }
            for (String stmt : script.statements()) {
                s.execute(stmt);
            }
            versions.write(c, script.version());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        log.info("{}: schema migrated to version {}", name, script.version());
        return script.version();
    }

    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        for (String part : END.split(sql.replaceAll("(?m)^\\s*--.*$", ""))) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Where a database keeps its schema version; {@link #read} runs first in each migration's transaction. */
    public interface Versions {
        int read(Connection c) throws SQLException;

        void write(Connection c, int version) throws SQLException;

        /**
         * SQLite's own header field, {@code PRAGMA user_version}: every hall database has recorded its version
         * there since V1, and it commits or rolls back with the transaction. The data dir lock keeps other
         * processes out, so no further lock is needed.
         */
        Versions SQLITE_USER_VERSION = new Versions() {
            @Override
            public int read(Connection c) throws SQLException {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    return rs.getInt("user_version");
                }
            }

            @Override
            public void write(Connection c, int version) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = " + version);
                }
            }
        };

        /**
         * A table {@code qms_schema_version} in the connection's current schema, one row per applied version.
         * Reading first takes a transaction-scoped advisory lock, so two pullers starting at once apply each
         * script once. A schema without the table (made before versions were recorded) reads as version 0.
         */
        Versions POSTGRES_TABLE = new Versions() {
            @Override
            public int read(Connection c) throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(7240001)");
                    s.execute("CREATE TABLE IF NOT EXISTS qms_schema_version (version integer PRIMARY KEY, "
                            + "applied_at timestamptz NOT NULL DEFAULT now())");
                    try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) AS version "
                            + "FROM qms_schema_version")) {
                        rs.next();
                        return rs.getInt("version");
                    }
                }
            }

            @Override
            public void write(Connection c, int version) throws SQLException {
                try (var ps = c.prepareStatement("INSERT INTO qms_schema_version(version) VALUES (?)")) {
                    ps.setInt(1, version);
                    ps.executeUpdate();
                }
            }
        };
    }
}
