package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.hallqms.jdbc.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line is loaded from a read snapshot while the writer goes on: what commits after the snapshot began must
 * still reach the line. The commit is made to land at that very moment, between the load's first and second row.
 */
class WaitingLineLoadTest {
    private static final String DAY = "2026-11-29";

    @TempDir
    Path dir;

    @Test
    void tickets_issued_and_called_while_the_line_loads_are_counted_as_the_table_says() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("hall.db");
        try (Connection writer = DriverManager.getConnection(url); Connection reader = DriverManager.getConnection(url)) {
            Migrations.of("hall", "/db/hall", 6, Migrations.Versions.SQLITE_USER_VERSION).migrate(writer);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            }
            long first = insert(writer, 1);
            insert(writer, 2);
            WaitingLine line = new WaitingLine();
            long[] third = new long[1];
            Connection racing = meanwhile(reader, () -> {
                // as the writer does: commit, then hand the line its changes
                third[0] = insert(writer, 3);
                line.joined(DAY, "id-card", 0, third[0]);
                Tickets.called(writer, "t1", "1", "510001", "now", 1);
                line.left(DAY, "id-card", 0, first);
            });

            int ahead = line.ahead(racing, DAY, "id-card", 0, Long.MAX_VALUE);

            assertThat(ahead).as("the press that loads the line").isEqualTo(2);
            assertThat(Tickets.ahead(writer, DAY, "id-card", 0, Long.MAX_VALUE)).isEqualTo(2);
            assertThat(line.ahead(DAY, "id-card", 0, Long.MAX_VALUE)).as("the line afterwards").hasValue(2);
            assertThat(line.ahead(DAY, "id-card", 0, third[0])).as("ahead of the ticket issued during the load")
                    .hasValue(1);
        }
    }

    private static long insert(Connection c, int n) throws SQLException {
        Ticket t = Ticket.builder().id("t" + n).number("A00" + n).service("id-card").originService("id-card").day(DAY)
                .channel("kiosk").priority(Priority.NORMAL).state(TicketState.WAITING)
                .issuedAt("2026-11-29T09:00:00+08:00").build();
        return Tickets.insert(c, t, n, null, null);
    }

    /** {@code c}, but {@code commit} runs once, right after the first row of a query has been read. */
    private static Connection meanwhile(Connection c, SqlAction commit) {
        boolean[] done = new boolean[1];
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> {
                    Object r = call(c, m, a);
                    if (!(r instanceof PreparedStatement ps)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                            new Class<?>[] {PreparedStatement.class}, (p2, m2, a2) -> {
                                Object r2 = call(ps, m2, a2);
                                if (!(r2 instanceof ResultSet rs)) {
                                    return r2;
                                }
                                return Proxy.newProxyInstance(ResultSet.class.getClassLoader(),
                                        new Class<?>[] {ResultSet.class}, (p3, m3, a3) -> {
                                            Object r3 = call(rs, m3, a3);
                                            if (m3.getName().equals("next") && !done[0]) {
                                                done[0] = true;
                                                commit.run();
                                            }
                                            return r3;
                                        });
                            });
                });
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static Object call(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
