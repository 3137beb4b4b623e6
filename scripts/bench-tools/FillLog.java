import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hallqms.store.Store;

/**
 * Appends N ticket-like events to a data dir's log through the store's own append path (hash chain
 * included), 1,000 per transaction, so that sync paging can be measured on a large log.
 * Usage: java -cp device-service.jar FillLog.java DATA_DIR N
 */
public final class FillLog {
    public static void main(String[] args) {
        long n = Long.parseLong(args[1]);
        try (Store store = Store.open(Path.of(args[0]), Clock.systemUTC(), ZoneId.of("Asia/Shanghai"))) {
            for (long done = 0; done < n; done += 1000) {
                long from = done;
                store.write(tx -> {
                    for (long i = from; i < Math.min(from + 1000, n); i++) {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("ticket", "t" + i);
                        data.put("number", "A" + String.format("%03d", 1 + i % 999));
                        data.put("service", "id-card");
                        data.put("channel", "kiosk");
                        data.put("priority", "normal");
                        tx.append("ticket.issued", data);
                    }
                    return null;
                });
            }
        }
    }
}
