package org.hallqms.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import org.hallqms.cli.Cli;
import org.hallqms.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar device-service.jar backup --to FILE [--data DIR] [--force]}: a consistent copy of the hall's SQLite
 * file while the service runs (SQLite's online backup; the service keeps issuing meanwhile), checked before it
 * is reported good. Restore: stop the service, put the copy in place as {@code qms.db} (removing
 * {@code qms.db-wal} and {@code qms.db-shm}), start it.
 */
@Command(name = "backup", separator = " ", sortOptions = false,
        customSynopsis = "usage: java -jar device-service.jar backup --to FILE [--data DIR] [--force]",
        description = "An online copy of the hall's database, checked (integrity_check) before it is kept.")
public final class Backup implements Callable<Integer> {
    @Mixin
    private HelpOption help;
    @Option(names = "--to", paramLabel = "FILE", required = true, description = "the copy to write")
    private Path to;
    @Option(names = "--data", paramLabel = "DIR", description = "the hall's data dir (default: QMS_DATA_DIR or ./data)")
    private Path data = Path.of(System.getenv().getOrDefault("QMS_DATA_DIR", "data"));
    @Option(names = "--force", description = "overwrite FILE and create its folder")
    private boolean force;

    private Backup() {
    }

    public static int main(String[] args) {
        return Cli.run(new Backup(), args);
    }

    @Override
    public Integer call() {
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
