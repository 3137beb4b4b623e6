import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.ZoneId;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Store;

/**
 * The writer thread's own CPU time per operation, without HTTP: one caller writes operations shaped like a kiosk
 * press (a keyed SELECT, an INSERT, an event appended) through the store, one after another (one commit each,
 * synchronous=FULL), and the store's writer thread's CPU time is read from the JVM. Per-thread CPU time is far
 * steadier than throughput on a shared machine. Run against a service jar: java -cp JAR WriterCpu.java [ops]
 * Prints "writer <ops> <cpu_us_per_op> <user_us_per_op>" (the rest of cpu is the kernel's: fsync and friends).
 */
public final class WriterCpu {
    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dir = Files.createTempDirectory("writer-cpu");
        try (Store store = Store.open(dir, Clock.systemUTC(), ZoneId.of("Asia/Shanghai"))) {
            for (int i = 0; i < 2000; i++) {
                op(store, "w" + i);
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long writer = -1;
            for (ThreadInfo t : mx.dumpAllThreads(false, false)) {
                if (t.getThreadName().startsWith("qms-writer")) {
                    writer = t.getThreadId();
                }
            }
            long c0 = mx.getThreadCpuTime(writer);
            long u0 = mx.getThreadUserTime(writer);
            for (int i = 0; i < ops; i++) {
                op(store, "m" + i);
            }
            long c1 = mx.getThreadCpuTime(writer);
            long u1 = mx.getThreadUserTime(writer);
            System.out.printf("writer %d %.1f %.1f%n", ops, (c1 - c0) / 1e3 / ops, (u1 - u0) / 1e3 / ops);
        }
    }

    static void op(Store store, String id) {
        store.write(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "SELECT ack FROM device_acks WHERE device = ? AND msg_id = ?")) {
                ps.setString(1, "bench");
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "INSERT INTO device_acks(device, msg_id, ack) VALUES (?, ?, ?)")) {
                ps.setString(1, "bench");
                ps.setString(2, id);
                ps.setString(3, "{\"v\":1,\"id\":\"" + id + "\",\"ok\":true}");
                ps.executeUpdate();
            }
            tx.append(new TicketEvent.Called("AAAAB3Xk2pQ9z", "A012", "id-card", "1", "510001"));
            return null;
        });
    }
}
