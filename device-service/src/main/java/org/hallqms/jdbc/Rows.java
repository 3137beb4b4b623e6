package org.hallqms.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows to records by column name: each record component reads the column labelled with its name in snake case
 * ({@code prevHash} reads {@code prev_hash}), so a query may select its columns in any order, and adding one
 * never shifts the others. Supported component types: String, long, int, boolean, double (and their boxes,
 * which read SQL NULL as null), LocalDate and OffsetDateTime (from SQLite's ISO text or PostgreSQL's types).
 */
public final class Rows {
    private static final Map<Class<?>, Shape<?>> SHAPES = new ConcurrentHashMap<>();

    private Rows() {
    }

    /** The current row of {@code rs} as a {@code type}. */
    public static <R extends Record> R read(ResultSet rs, Class<R> type) throws SQLException {
        return shape(type).read(rs);
    }

    /** Every row of the query as a {@code type}, in the query's order. */
    public static <R extends Record> List<R> list(Connection c, Class<R> type, String sql, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                Shape<R> shape = shape(type);
                List<R> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(shape.read(rs));
                }
                return out;
            }
        }
    }

    /** The query's first row as a {@code type}, or empty when it has none. */
    public static <R extends Record> Optional<R> one(Connection c, Class<R> type, String sql, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(shape(type).read(rs)) : Optional.empty();
            }
        }
    }

    /** {@code prevHash} → {@code prev_hash}. */
    static String column(String component) {
        StringBuilder b = new StringBuilder(component.length() + 4);
        for (char ch : component.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> Shape<R> shape(Class<R> type) {
        return (Shape<R>) SHAPES.computeIfAbsent(type, t -> new Shape<>((Class<R>) t));
    }

    /** A record type's constructor and its components' column labels, worked out once per type. */
    private static final class Shape<R extends Record> {
        private final Constructor<R> constructor;
        private final String[] columns;
        private final Class<?>[] types;

        Shape(Class<R> type) {
            RecordComponent[] components = type.getRecordComponents();
            columns = new String[components.length];
            types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                columns[i] = column(components[i].getName());
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        R read(ResultSet rs) throws SQLException {
            Object[] args = new Object[columns.length];
            for (int i = 0; i < columns.length; i++) {
                args[i] = value(rs, columns[i], types[i]);
            }
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object value(ResultSet rs, String column, Class<?> type) throws SQLException {
            if (type == long.class) {
                return rs.getLong(column);
            }
            if (type == int.class) {
                return rs.getInt(column);
            }
            if (type == boolean.class) {
                return rs.getBoolean(column);
            }
            if (type == double.class) {
                return rs.getDouble(column);
            }
            if (type == String.class) {
                return rs.getString(column);
            }
            Object v = rs.getObject(column);
            if (v == null) {
                return null;
            }
            if (type == Long.class) {
                return ((Number) v).longValue();
            }
            if (type == Integer.class) {
                return ((Number) v).intValue();
            }
            if (type == Double.class) {
                return ((Number) v).doubleValue();
            }
            if (type == Boolean.class) {
                return v instanceof Boolean b ? b : ((Number) v).intValue() != 0;
            }
            if (type == LocalDate.class) {
                return v instanceof String s ? LocalDate.parse(s) : rs.getObject(column, LocalDate.class);
            }
            if (type == OffsetDateTime.class) {
                return v instanceof String s ? OffsetDateTime.parse(s) : rs.getObject(column, OffsetDateTime.class);
            }
            throw new IllegalArgumentException("column " + column + ": no mapping to " + type.getSimpleName());
        }
    }
}
