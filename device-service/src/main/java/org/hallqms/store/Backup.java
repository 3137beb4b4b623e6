package org.hallqms.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code java -jar device-service.jar backup --to FILE [--data DIR] [--force]}: a consistent copy of the hall's SQLite
 * file while the service runs (SQLite's online backup; the service keeps issuing meanwhile), checked before it
 * is reported good. Restore: stop the service, put the copy in place as {@code qms.db} (removing
 * {@code qms.db-wal} and {@code qms.db-shm}), start it.
 */
public final class Backup {
    private static final String USAGE = "usage: backup --to FILE [--data DIR] [--force]   (DIR defaults to "
            + "QMS_DATA_DIR or ./data; --force overwrites FILE and creates its folder)";

    private Backup() {
    }

    public static int main(String[] args) {
        Path data = Path.of(System.getenv().getOrDefault("QMS_DATA_DIR", "data"));
        Path to = null;
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--to") && i + 1 < args.length) {
                to = Path.of(args[++i]);
            } else if (args[i].equals("--data") && i + 1 < args.length) {
                data = Path.of(args[++i]);
            } else if (args[i].equals("--force")) {
                force = true;
            } else {
                System.err.println(USAGE);
                return 2;
            }
        }
        if (to == null) {
            System.err.println(USAGE);
            return 2;
        }
        Path db = data.resolve(Store.FILE);
        if (!Files.isRegularFile(db)) {
            System.err.println("backup: no database at " + db.toAbsolutePath() + "; give --data DIR");
            return 1;
        }
        Path folder = to.toAbsolutePath().getParent();
        if (!force && Files.exists(to)) {
            // a mistyped name must not replace last week's good copy
            System.err.println("backup: " + to.toAbsolutePath() + " exists; give another name, or --force to replace it");
            return 1;
        }
        if (!force && folder != null && !Files.isDirectory(folder)) {
            System.err.println("backup: the folder " + folder + " does not exist; create it, or give --force");
            return 1;
        }
        try {
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Path partial = to.resolveSibling(to.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            try {
                Files.createFile(partial, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                 Statement s = c.createStatement()) {
                s.setQueryTimeout(60);
                s.executeUpdate("backup to '" + partial.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            long events;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + partial.toAbsolutePath());
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                    String r = rs.next() ? rs.getString("integrity_check") : "no answer";
                    if (!r.equals("ok")) {
                        System.err.println("backup: the copy is damaged (" + r + "); nothing was kept");
                        Files.deleteIfExists(partial);
                        return 1;
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) AS head FROM events")) {
                    events = rs.getLong("head");
                }
            }
            // The copy holds the officers' PIN hashes and the devices' secret hashes, as qms.db does: owner only.
            try {
                Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to tighten
            }
            Files.move(partial, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.out.println("backup: " + to.toAbsolutePath() + " (" + Files.size(to) / 1024 + " KiB, events up to "
                    + events + ", integrity ok)");
            return 0;
        } catch (SQLException | java.io.IOException e) {
            System.err.println("backup: " + e.getMessage());
            return 1;
        }
    }
}
