package org.hallqms.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.Problem;
import org.hallqms.catalog.Catalog;
import org.hallqms.catalog.Catalog.CounterDef;
import org.hallqms.catalog.Catalog.ServiceType;
import org.hallqms.catalog.CatalogService;
import org.hallqms.counter.CounterDesk;
import org.hallqms.counter.CounterRow;
import org.hallqms.store.Store;

/** The queue as the kiosk, the counter consoles and the admin read it. Reads only. */
final class QueueViews {
    private final Store store;
    private final CatalogService catalog;
    private final WaitEstimator estimator;

    QueueViews(Store store, CatalogService catalog, WaitEstimator estimator) {
        this.store = store;
        this.catalog = catalog;
        this.estimator = estimator;
    }

    /** Each service as the kiosk shows it. */
    List<Map<String, Object>> services() {
        Catalog cat = catalog.current();
        return store.read(c -> {
            String day = store.today().toString();
            LocalTime now = OffsetDateTime.now(store.clock().withZone(store.zone())).toLocalTime();
            List<Map<String, Object>> out = new ArrayList<>();
            for (ServiceType st : cat.services()) {
                int waiting = Tickets.waiting(c, day, st.code());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", st.code());
                m.put("prefix", st.prefix());
                m.put("name", st.name());
                m.put("materials", st.materials());
                m.put("timeLimitMinutes", st.timeLimitMinutes());
                m.put("greenChannel", st.greenChannel());
                m.put("hours", st.hours());
                m.put("waiting", waiting);
                int rank = st.greenChannel() ? Priority.GREEN.rank() : Priority.NORMAL.rank();
                m.put("estimatedWaitMinutes", estimator.minutes(c, cat, day, st, rank, waiting, true, Long.MAX_VALUE,
                        OffsetDateTime.now(store.clock().withZone(store.zone()))));
                boolean full = !ServicePolicy.hasRoom(c, st, day);
                boolean open = ServicePolicy.openAt(st, now);
                m.put("open", open && !full);
                if (!open) {
                    m.put("closedReason", "closed");
                } else if (full) {
                    m.put("closedReason", "full");
                }
                out.add(m);
            }
            return out;
        });
    }

    /** The live queue per service and counter, for the admin. */
    Map<String, Object> queue() {
        Catalog cat = catalog.current();
        return store.read(c -> {
            String day = store.today().toString();
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServiceType st : cat.services()) {
                List<String> next = new ArrayList<>();
                for (Ticket t : Tickets.nextOf(c, day, st.code())) {
                    next.add(t.number());
                }
                services.add(Map.of("code", st.code(), "waiting", Tickets.waiting(c, day, st.code()), "next", next));
            }
            List<CounterView> counters = new ArrayList<>();
            for (CounterDef d : cat.counters()) {
                counters.add(counterView(c, cat, d, day, null));
            }
            return Map.of("day", day, "services", services, "counters", counters);
        });
    }

    /** The tickets a counter would call next, in that order (at most 30), with how long each has waited. */
    List<Map<String, Object>> waitingFor(String counter) {
        Catalog cat = catalog.current();
        CounterDef def = cat.counter(counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        List<String> services = cat.servicesOf(def);
        return store.read(c -> {
            List<Ticket> waiting = Tickets.waitingFor(c, store.today().toString(), counter, services, 30);
            OffsetDateTime now = OffsetDateTime.now(store.clock().withZone(store.zone()));
            List<Map<String, Object>> out = new ArrayList<>();
            for (Ticket t : waiting) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", t.number());
                m.put("service", t.service());
                m.put("priority", t.priority());
                if (t.targetCounter() != null) {
                    m.put("transferredHere", true);
                }
                m.put("waitedMinutes", ServiceTimes.seconds(t.issuedAt(), now) / 60);
                out.add(m);
            }
            return out;
        });
    }

    /** Per service, how long the oldest waiting ticket of today has waited, in seconds (services with none left out). */
    Map<String, Long> oldestWaitSeconds() {
        return store.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            OffsetDateTime now = OffsetDateTime.now(store.clock());
            try (PreparedStatement ps = c.prepareStatement("SELECT service, MIN(pos) FROM tickets WHERE day = ? AND "
                    + "state = 'waiting' GROUP BY service")) {
                ps.setString(1, store.today().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try (PreparedStatement t = c.prepareStatement("SELECT issued_at FROM tickets WHERE pos = ?")) {
                            t.setLong(1, rs.getLong(2));
                            try (ResultSet r2 = t.executeQuery()) {
                                if (r2.next()) {
                                    out.put(rs.getString(1), Math.max(0, ServiceTimes.seconds(r2.getString(1), now)));
                                }
                            }
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The counter as its console shows it; no session needed to look. */
    CounterView counter(String counter) {
        Catalog cat = catalog.current();
        CounterDef def = cat.counter(counter)
                .orElseThrow(() -> Problem.UNKNOWN_COUNTER.exception("no counter '" + counter + "'"));
        return store.read(c -> counterView(c, cat, def, store.today().toString(), null));
    }

    static CounterView counterView(Connection c, Catalog cat, CounterDef def, String day, CounterView.Notice notice)
            throws SQLException {
        CounterRow row = CounterDesk.row(c, def.id()).orElseThrow();
        Ticket t = row.ticket() == null ? null : Tickets.byId(c, row.ticket()).orElse(null);
        int waiting = Tickets.waitingAt(c, day, def.id(), cat.servicesOf(def));
        String officerName = row.officer() == null ? null
                : cat.officer(row.officer()).map(Catalog.Officer::name).orElse(null);
        return new CounterView(def.id(), def.name(), row.state(), row.reason(), row.officer(), officerName, t, waiting,
                notice);
    }
}
