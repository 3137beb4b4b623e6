package org.hallqms.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data dir holds the database (PIN hashes, the event log) and the generated secrets: nobody but the
 * service's own user may read it. It is made 0700 and its database files 0600; existing ones made under a
 * looser umask are tightened at start, and said so once. On a file system without POSIX modes nothing is done.
 */
public final class DataDir {
    private static final Logger log = LoggerFactory.getLogger(DataDir.class);
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDir() {
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates the dir (0700) and an empty database file (0600) before SQLite does: SQLite gives its -wal and -shm
     * files the database file's mode, so they are private from the first write.
     */
    static void prepare(Path dir, Path db) throws IOException {
        if (!posix()) {
            Files.createDirectories(dir);
            return;
        }
        if (Files.notExists(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
        }
        tighten(dir, DIR);
        for (Path f : List.of(db, db.resolveSibling(db.getFileName() + "-wal"), db.resolveSibling(db.getFileName() + "-shm"),
                db.resolveSibling(db.getFileName() + "-journal"))) {
            if (Files.exists(f)) {
                tighten(f, FILE);
            }
        }
        if (Files.notExists(db)) {
            Files.createFile(db, PosixFilePermissions.asFileAttribute(FILE));
        }
    }

    /**
     * Makes the data dir private (see {@link #prepare}) and takes its lock, refusing when another service holds
     * it: what a store needs before it opens the database.
     */
    static DataDirLock prepareAndLock(Path dir, Path db) {
        try {
            prepare(dir, db);
        } catch (IOException e) {
            throw new StoreException("cannot open the database in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return DataDirLock.acquire(dir);
    }

    private static void tighten(Path p, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
        if (now.stream().anyMatch(OTHERS::contains)) {
            try {
                Files.setPosixFilePermissions(p, wanted);
            } catch (IOException e) {
                throw new IOException(p.toAbsolutePath() + " is mode " + mode(now) + ", readable beyond the service's "
                        + "user, and cannot be made " + mode(wanted) + " (" + e.getClass().getSimpleName() + "); make "
                        + "the service's user its owner (chown) or run: chmod " + mode(wanted).substring(1) + " "
                        + p.toAbsolutePath(), e);
            }
            log.warn("store: {} was mode {}, readable beyond the service's user; made it {}", p.toAbsolutePath(),
                    mode(now), mode(wanted));
        }
    }

    /** Whether group or others have any access to the file (false where the file system has no POSIX modes). */
    public static boolean openToOthers(Path file) throws IOException {
        return posix() && Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS::contains);
    }

    /** Like {@code 0644}. */
    public static String mode(Path file) throws IOException {
        return posix() ? mode(Files.getPosixFilePermissions(file)) : "?";
    }

    static String mode(Set<PosixFilePermission> p) {
        int m = 0;
        for (PosixFilePermission x : p) {
            m |= 1 << (8 - x.ordinal());
        }
        return String.format("0%o", m);
    }
}
