package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.hallqms.http.AccessTokens;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: qms.db (PIN hashes) was 0644, and a 5-character or world-readable token file was taken. */
class DataDirPermissionsTest {
    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void posixOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(DataDir.posix(), "a file system with POSIX modes");
        data = dir.resolve("data");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void a_new_data_dir_is_0700_and_the_database_and_generated_tokens_are_0600() throws Exception {
        try (TestHall hall = TestHall.start(dir, "QMS_ADMIN_TOKEN", "", "QMS_SYNC_TOKEN", "")) {
            assertThat(hall.issue("id-card", "one").status()).isEqualTo(201);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("qms.db"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("qms.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("admin.token"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("sync.token"))).isEqualTo("rw-------");
            // and the generated token works
            String admin = Files.readString(data.resolve("admin.token")).strip();
            assertThat(hall.http().get("/api/v1/queue", admin).status()).isEqualTo(200);
        }
    }

    @Test
    void a_data_dir_left_readable_by_an_older_version_is_tightened_at_start() throws Exception {
        TestHall hall = TestHall.start(dir);
        try {
            hall.issue("id-card", "one");
            hall.restart(() -> {
                try {
                    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
                    try (var files = Files.list(data)) {
                        for (Path f : files.toList()) {
                            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("qms.db"))).isEqualTo("rw-------");
            assertThat(hall.issue("id-card", "two").text("number")).isEqualTo("A002");
            assertThat(mode(data.resolve("qms.db-wal"))).isEqualTo("rw-------");
        } finally {
            hall.close();
        }
    }

    @Test
    void a_short_kept_token_stops_the_start_with_the_file_and_the_fix_named() throws Exception {
        Files.createDirectories(data);
        Path token = Files.writeString(data.resolve("admin.token"), "abcde\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> TestHall.start(dir, "QMS_ADMIN_TOKEN", "")).isInstanceOf(AccessTokens.TokenFileException.class)
                .hasMessage("QMS_ADMIN_TOKEN: the token kept in " + token.toAbsolutePath() + " is 5 characters; it must "
                        + "be at least 16 printable ASCII characters without spaces. Delete the file to have a new one "
                        + "generated at the next start, or set QMS_ADMIN_TOKEN");
    }

    @Test
    void a_kept_token_others_can_read_stops_the_start_naming_chmod_600() throws Exception {
        Files.createDirectories(data);
        Path token = Files.writeString(data.resolve("sync.token"), "a-long-enough-station-token-0123\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TestHall.start(dir, "QMS_SYNC_TOKEN", "")).isInstanceOf(AccessTokens.TokenFileException.class)
                .hasMessage("QMS_SYNC_TOKEN: " + token.toAbsolutePath() + " has mode 0644, so other users can read the "
                        + "token; run: chmod 600 " + token.toAbsolutePath() + " (and delete it to have a new token "
                        + "generated if others may have read it)");
        // once fixed, the same token is taken
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        try (TestHall hall = TestHall.start(Files.createDirectories(dir.resolve("again")), "QMS_SYNC_TOKEN", "", "QMS_DATA_DIR", data.toString())) {
            assertThat(hall.http().get("/api/v1/sync/head", "a-long-enough-station-token-0123").status()).isEqualTo(200);
        }
    }
}
