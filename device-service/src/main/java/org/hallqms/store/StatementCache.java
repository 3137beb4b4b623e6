package org.hallqms.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps the write connection so that {@code prepareStatement(sql)} returns a statement kept for reuse and
 * {@code close()} on it only clears its parameters. Parsing SQL costs more than running it on this hot path,
 * and the writer is the one thread every ticket goes through. Used only on the writer thread.
 */
final class StatementCache {
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
                statements.put(sql, ps);
            }
            PreparedStatement real = ps;
            return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (InvocationHandler) (p, sm, sargs) -> {
                        if (sm.getName().equals("close")) {
                            real.clearParameters();
                            return null;
                        }
                        if (sm.getName().equals("isClosed")) {
                            return false;
                        }
                        return invoke(real, sm, sargs);
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
