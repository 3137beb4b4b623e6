package org.hallqms.display;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hallqms.catalog.Catalog;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Store;

/**
 * The main board (the retained {@code board} message): the latest calls, who waits per service, the notice.
 * Read from the store when asked: it is published at most 4 times a second, never on a call's path.
 */
public final class Board {
    private Board() {
    }

    public static Map<String, Object> payload(Store store, Catalog cat, DeviceConfigs configs, String at) {
        return store.read(c -> {
            List<Map<String, Object>> recent = new ArrayList<>();
            List<Map<String, String>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT type, at, data FROM events "
                    + "WHERE type IN (?, ?) AND day = ? ORDER BY seq DESC LIMIT 64")) {
                ps.setString(1, TicketEvent.Called.TYPE);
                ps.setString(2, TicketEvent.Recalled.TYPE);
                ps.setString(3, store.today().toString());
                Set<String> shown = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && recent.size() < 8) {
                        TicketEvent call = (TicketEvent) HallEvents.decode(rs.getString("type"), rs.getString("data"));
                        String counter = call instanceof TicketEvent.Called x ? x.counter()
                                : ((TicketEvent.Recalled) call).counter();
                        // A recall moves the ticket to the top; it is not a second line.
                        if (shown.add(call.number())) {
                            recent.add(Map.of("ticket", call.number(), "counter", counter, "at", rs.getString("at")));
                            rows.add(Map.of("ticket", call.number(), "counter", Calls.counterName(cat, counter),
                                    "service", cat.service(call.service()).map(x -> x.name().zh()).orElse("")));
                        }
                    }
                }
            }
            Map<String, Integer> waiting = new LinkedHashMap<>();
            cat.services().forEach(s -> waiting.put(s.code(), 0));
            // The ticket package's table, read here for the counts; at most 4 times a second.
            try (PreparedStatement ps = c.prepareStatement("SELECT service, COUNT(*) AS n FROM tickets WHERE day = ? AND "
                    + "state = 'waiting' GROUP BY service")) {
                ps.setString(1, store.today().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        waiting.put(rs.getString("service"), rs.getInt("n"));
                    }
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("v", 1);
            m.put("recent", recent);
            m.put("waiting", waiting);
            m.put("notice", cat.hall().notice());
            configs.board().ifPresent(d -> m.put("lines", ScreenLines.board(d, cat, rows)));
            m.put("seq", store.head().seq());
            m.put("at", at);
            return m;
        });
    }
}
