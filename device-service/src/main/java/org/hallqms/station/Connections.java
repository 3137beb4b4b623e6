package org.hallqms.station;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A few reusable read connections for the console's queries: a new PostgreSQL session costs more than a query. */
final class Connections implements AutoCloseable {
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String url;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(8);
    private volatile boolean closed;

    Connections(String url) {
        this.url = url;
    }

    <T> T with(Work<T> work) {
        Connection c = null;
        try {
            c = idle.poll();
            if (c != null && !c.isValid(2)) {
                quietly(c);
                c = null;
            }
            if (c == null) {
                Properties p = new Properties();
                p.setProperty("ApplicationName", "qms station console");
                c = DriverManager.getConnection(url, p);
                c.setReadOnly(true);
            }
            T out = work.run(c);
            if (closed || !idle.offer(c)) {
                quietly(c);
            }
            return out;
        } catch (SQLException e) {
            if (c != null) {
                quietly(c);
            }
            throw new IllegalStateException("station database: " + e.getMessage(), e);
        }
    }

    private static void quietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // gone already
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c; (c = idle.poll()) != null; ) {
            quietly(c);
        }
    }
}
