package org.hallqms.display;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hallqms.catalog.Catalog;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;
import org.hallqms.store.LoggedEvents;
import org.hallqms.store.Store;
import org.hallqms.ticket.TicketQueries;

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
            Set<String> shown = new HashSet<>();
            for (Event e : LoggedEvents.latestOfDay(c, store.today().toString(), 64, TicketEvent.Called.TYPE,
                    TicketEvent.Recalled.TYPE)) {
                if (recent.size() >= 8) {
                    break;
                }
                TicketEvent call = (TicketEvent) HallEvents.decode(e.type(), e.data());
                String counter = call instanceof TicketEvent.Called x ? x.counter()
                        : ((TicketEvent.Recalled) call).counter();
                // A recall moves the ticket to the top; it is not a second line.
                if (shown.add(call.number())) {
                    recent.add(Map.of("ticket", call.number(), "counter", counter, "at", e.at()));
                    rows.add(Map.of("ticket", call.number(), "counter", Calls.counterName(cat, counter),
                            "service", cat.service(call.service()).map(x -> x.name().zh()).orElse("")));
                }
            }
            Map<String, Integer> waiting = new LinkedHashMap<>();
            cat.services().forEach(s -> waiting.put(s.code(), 0));
            // at most 4 times a second
            waiting.putAll(TicketQueries.waitingByService(c, store.today().toString()));
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
