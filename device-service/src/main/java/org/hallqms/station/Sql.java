package org.hallqms.station;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.hallqms.store.Json;

/** The few JDBC chores the console's queries share. */
final class Sql {
    interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    /** Runs {@code sql} with {@code args} bound in order, handing each row to {@code row}. */
    static void each(Connection c, String sql, Row row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    /** A nullable numeric column as a Double. */
    static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** A jsonb array of strings, as text; null or anything else reads as empty. */
    static List<String> strings(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            return List.of();
        }
    }

    /** good / rated, null when nothing was rated. */
    static Double rate(int good, int rated) {
        return rated == 0 ? null : (double) good / rated;
    }
}
