package org.hallqms.ticket;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.catalog.CatalogService;
import org.hallqms.store.Store;

/** Counts and times of a range of business days: per service by final state, the averages, and {@link Report}. */
final class Stats {
    private final Store store;
    private final CatalogService catalog;

    Stats(Store store, CatalogService catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** Counts and times of business days {@code from} to {@code to}, both included. */
    Map<String, Object> of(LocalDate from, LocalDate to) {
        Catalog cat = catalog.current();
        return store.read(c -> {
            Map<String, Map<String, Object>> per = new LinkedHashMap<>();
            for (ServiceType st : cat.services()) {
                per.put(st.code(), emptyCounts());
            }
            Map<String, Object> total = emptyCounts();
            try (PreparedStatement ps = c.prepareStatement("SELECT origin_service, state, COUNT(*) FROM tickets "
                    + "WHERE day BETWEEN ? AND ? GROUP BY origin_service, state")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = per.computeIfAbsent(rs.getString(1), k -> emptyCounts());
                        String key = camel(rs.getString(2));
                        for (Map<String, Object> target : List.of(m, total)) {
                            target.merge(key, rs.getInt(3), (a, b) -> (Integer) a + (Integer) b);
                            target.merge("issued", rs.getInt(3), (a, b) -> (Integer) a + (Integer) b);
                        }
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            if (from.equals(to)) {
                out.put("day", from.toString());
            } else {
                out.put("from", from.toString());
                out.put("to", to.toString());
            }
            out.put("services", per);
            out.put("total", total);
            try (PreparedStatement ps = c.prepareStatement("SELECT AVG(wait_seconds), AVG(service_seconds) FROM tickets "
                    + "WHERE day BETWEEN ? AND ?")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    out.put("averageWaitMinutes", Math.round(rs.getDouble(1) / 6.0) / 10.0);
                    out.put("averageServiceMinutes", Math.round(rs.getDouble(2) / 6.0) / 10.0);
                }
            }
            out.putAll(Report.served(c, from.toString(), to.toString()));
            return out;
        });
    }

    private static Map<String, Object> emptyCounts() {
        Map<String, Object> m = new LinkedHashMap<>();
        // every state also counts into "issued"
        m.put("issued", 0);
        for (TicketState s : TicketState.values()) {
            m.put(camel(s.wire()), 0);
        }
        return m;
    }

    /** The statistics' key for a state: its wire value, no_show as noShow. */
    private static String camel(String state) {
        return state.equals(TicketState.NO_SHOW.wire()) ? "noShow" : state;
    }
}
