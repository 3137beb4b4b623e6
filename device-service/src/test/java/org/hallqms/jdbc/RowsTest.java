package org.hallqms.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class RowsTest {
    record Sample(long seq, String prevHash, Long brokenSeq, int recalls, Integer serviceSeconds, LocalDate day,
                  OffsetDateTime calledAt, boolean open) {
    }

    @Test
    void a_row_becomes_a_record_by_column_name_whatever_the_order_of_the_columns() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Sample s = Rows.one(c, Sample.class, "SELECT 1 AS open, '2026-11-27T10:00:00.123+08:00' AS called_at, "
                    + "'2026-11-27' AS day, NULL AS service_seconds, 3 AS recalls, NULL AS broken_seq, 'abc' AS prev_hash, "
                    + "7 AS seq").orElseThrow();

            assertThat(s).isEqualTo(new Sample(7, "abc", null, 3, null, LocalDate.of(2026, 11, 27),
                    OffsetDateTime.parse("2026-11-27T10:00:00.123+08:00"), true));
            assertThat(Rows.list(c, Sample.class, "SELECT 0 AS open, NULL AS called_at, NULL AS day, 90 AS service_seconds, "
                    + "0 AS recalls, 5 AS broken_seq, NULL AS prev_hash, ? AS seq", 8L))
                    .containsExactly(new Sample(8, null, 5L, 0, 90, null, null, false));
        }
    }

    @Test
    void a_column_the_record_needs_but_the_query_lacks_is_named_in_the_error() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            assertThatThrownBy(() -> Rows.one(c, Sample.class, "SELECT 1 AS seq"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("prev_hash");
        }
    }

    @Test
    void a_script_splits_into_statements_at_line_ending_semicolons_without_its_comments() {
        assertThat(Migrations.statements("""
                -- a table; with a comment
                CREATE TABLE a (
                  x TEXT -- not a statement end
                );

                CREATE INDEX a_x ON a (x)"""))
                .containsExactly("CREATE TABLE a (\n  x TEXT -- not a statement end\n)", "CREATE INDEX a_x ON a (x)");
    }
}
