package org.hallqms.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps a connection so that {@code prepareStatement(sql)} returns a statement kept for reuse and {@code close()}
 * on it closes its last result set (which resets the SQLite statement, ending its read of the file) and clears
 * its parameters. Parsing SQL costs more than running it on the hot paths: on the writer, which every ticket goes
 * through, and on the read connections, where a press counts the people ahead of it. A connection is used by one
 * thread at a time (the writer's own, or a reader taken from the pool), so the map needs no lock.
 */
final class StatementCache {
    // SQL built with a varying number of placeholders has a few shapes; past this many, statements are not kept.
    private static final int MAX_STATEMENTS = 256;
    private final Connection target;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private StatementCache(Connection target) {
        this.target = target;
    }

    static Connection wrap(Connection target) {
        StatementCache cache = new StatementCache(target);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, cache::onConnection);
    }

    private Object onConnection(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getName().equals("prepareStatement") && args != null && args.length == 1) {
            String sql = (String) args[0];
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = target.prepareStatement(sql);
                if (statements.size() >= MAX_STATEMENTS) {
                    return ps;
                }
                statements.put(sql, ps);
            }
            PreparedStatement real = ps;
            ResultSet[] last = new ResultSet[1];
            return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (InvocationHandler) (p, sm, sargs) -> {
                        switch (sm.getName()) {
                            case "close" -> {
                                // a result set left open would keep this reader on an old snapshot of the file
                                if (last[0] != null) {
                                    last[0].close();
                                    last[0] = null;
                                }
                                real.clearParameters();
                                return null;
                            }
                            case "isClosed" -> {
                                return false;
                            }
                            case "executeQuery" -> {
                                ResultSet rs = (ResultSet) invoke(real, sm, sargs);
                                last[0] = rs;
                                return rs;
                            }
                            default -> {
                                return invoke(real, sm, sargs);
                            }
                        }
                    });
        }
        if (m.getName().equals("close")) {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            statements.clear();
        }
        return invoke(target, m, args);
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
