package org.hallqms.ticket;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.hallqms.jdbc.Migrations;

/**
 * Not a test: times the people-ahead count on a bench-like hall (26 services, one with 900 waiting, one with
 * 100) and prints SQLite's plans. Run in device-service: {@code mvn -B -o -q test-compile
 * dependency:build-classpath -Dmdep.outputFile=cp.txt}, then {@code java -cp target/test-classes:target/classes:$(cat
 * cp.txt) org.hallqms.ticket.AheadMicrobench}. "old" is {@link AheadOld}, "new" is {@link Tickets#ahead}.
 */
final class AheadMicrobench {
    private static final String DAY = "2026-11-29";

    private AheadMicrobench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ahead-bench");
        String url = "jdbc:sqlite:" + dir.resolve("hall.db");
        try (Connection w = DriverManager.getConnection(url)) {
            Migrations.of("hall", "/db/hall", 6, Migrations.Versions.SQLITE_USER_VERSION).migrate(w);
            fill(w);
        }
        try (Connection c = DriverManager.getConnection(url)) {
            for (String sql : new String[] {
                    "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting' "
                            + "AND target_counter IS NULL AND rank > ?",
                    "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting' "
                            + "AND target_counter IS NULL AND rank = ? AND pos < ?",
                    "SELECT (SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting' "
                            + "AND target_counter IS NULL AND rank > ?) + (SELECT COUNT(*) FROM tickets WHERE day = ? "
                            + "AND service = ? AND state = 'waiting' AND target_counter IS NULL AND rank = ? AND pos < ?)"}) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql.replace("?", "1"))) {
                    while (rs.next()) {
                        System.out.println("plan: " + rs.getString(4));
                    }
                }
            }
            for (String service : new String[] {"S00", "S01"}) {
                long last = last(c, service);
                int n = Tickets.waiting(c, DAY, service);
                System.out.printf("%s: %d waiting, ahead of the last normal = %d (old) %d (new)%n", service, n,
                        AheadOld.ahead(c, DAY, service, 0, last), Tickets.ahead(c, DAY, service, 0, last));
                for (int round = 0; round < 6; round++) {
                    System.out.printf("  old %.1f µs/call, new %.1f µs/call, prepare+COUNT(*) of nothing %.1f µs, "
                                    + "both counts on prepared statements (walk only) %.1f µs%n",
                            time(() -> AheadOld.ahead(c, DAY, service, 0, last)),
                            time(() -> Tickets.ahead(c, DAY, service, 0, last)),
                            time(() -> Tickets.count(c, "SELECT COUNT(*) FROM tickets WHERE pos = ?", -1)),
                            time(() -> walkOnly(c, service, last)));
                }
            }
        }
    }

    private static PreparedStatement above;
    private static PreparedStatement same;

    private static int walkOnly(Connection c, String service, long last) throws SQLException {
        if (above == null) {
            String waiting = "SELECT COUNT(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting' "
                    + "AND target_counter IS NULL AND rank ";
            above = c.prepareStatement(waiting + "> ?");
            same = c.prepareStatement(waiting + "= ? AND pos < ?");
        }
        above.setString(1, DAY);
        above.setString(2, service);
        above.setInt(3, 0);
        same.setString(1, DAY);
        same.setString(2, service);
        same.setInt(3, 0);
        same.setLong(4, last);
        int n;
        try (ResultSet rs = above.executeQuery()) {
            n = rs.getInt(1);
        }
        try (ResultSet rs = same.executeQuery()) {
            return n + rs.getInt(1);
        }
    }

    interface Call {
        int run() throws SQLException;
    }

    private static double time(Call call) throws SQLException {
        int sink = 0;
        for (int i = 0; i < 300; i++) {
            sink += call.run();
        }
        int n = 4000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += call.run();
        }
        double us = (System.nanoTime() - t0) / 1000.0 / n;
        return sink == Integer.MIN_VALUE ? -1 : us;
    }

    private static long last(Connection c, String service) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(pos) FROM tickets WHERE service = ? AND rank = 0")) {
            ps.setString(1, service);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getLong(1);
            }
        }
    }

    /** Like the bench: 26 services, interleaved presses, nobody called; S00 gets 900 waiting, S01 100. */
    private static void fill(Connection c) throws SQLException {
        c.setAutoCommit(false);
        Random random = new Random(16);
        int[] numbers = new int[26];
        String sql = "INSERT INTO tickets(id, day, service, origin_service, number, label, channel, priority, rank, "
                + "state, issued_at) VALUES (?,?,?,?,?,?,'kiosk',?,?,'waiting','2026-11-29T09:00:00+08:00')";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int id = 0;
            while (numbers[0] < 900) {
                int s = random.nextInt(26);
                if (s == 1 && numbers[1] >= 100) {
                    continue;
                }
                int number = ++numbers[s];
                int rank = random.nextInt(10) == 0 ? 1 : 0;
                String service = String.format("S%02d", s);
                ps.setString(1, "T" + id++);
                ps.setString(2, DAY);
                ps.setString(3, service);
                ps.setString(4, service);
                ps.setInt(5, number);
                ps.setString(6, service + number);
                ps.setString(7, rank == 1 ? "elderly" : "normal");
                ps.setInt(8, rank);
                ps.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
        System.out.println("tickets: " + Tickets.count(c, "SELECT COUNT(*) FROM tickets"));
    }
}
