package org.hallqms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void a_script_that_fails_half_way_leaves_the_database_at_the_version_before_it() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"))) {
            assertThat(Migrations.of("test", "/migrations-test", 1, Migrations.Versions.SQLITE_USER_VERSION).migrate(c))
                    .isEqualTo(1);

            assertThatThrownBy(() -> Migrations.of("test", "/migrations-test", 2,
                    Migrations.Versions.SQLITE_USER_VERSION).migrate(c)).hasMessageContaining("no_such_table");

            assertThat(Migrations.Versions.SQLITE_USER_VERSION.read(c)).isEqualTo(1);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT group_concat(name) AS names FROM sqlite_master "
                    + "WHERE type = 'table'")) {
                assertThat(rs.getString("names")).isEqualTo("a");
            }
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void a_script_missing_from_the_jar_fails_at_once_rather_than_look_like_an_older_schema() {
        assertThatThrownBy(() -> Migrations.of("test", "/migrations-test", 3, Migrations.Versions.SQLITE_USER_VERSION))
                .hasMessageContaining("missing resource /migrations-test/V3.sql");
    }
}
