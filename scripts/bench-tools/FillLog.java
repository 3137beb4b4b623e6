import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import org.hallqms.event.TicketEvent;
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
                        tx.append(new TicketEvent.Issued("t" + i, "A" + String.format("%03d", 1 + i % 999),
                                "id-card", TicketEvent.Channel.KIOSK, TicketEvent.Priority.NORMAL, null, null));
                    }
                    return null;
                });
            }
        }
    }
}
