package org.hallqms.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.LoggedEvents;

/**
 * The served side of the statistics over a range of business days: per counter and per officer, what they
 * finished and how long citizens waited and were served (mean, p50, p90, max), what was missing on incomplete
 * finishes, and transfers. Percentiles are nearest-rank over each ticket, in minutes with one decimal.
 */
final class Report {
    private Report() {
    }

    static Map<String, Object> served(Connection c, String from, String to) throws SQLException {
        Map<String, Group> counters = new TreeMap<>();
        Map<String, Group> officers = new TreeMap<>();
        Map<String, Group> services = new TreeMap<>();
        Group all = new Group();
        Map<String, Integer> missing = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, Integer> arrivals = new TreeMap<>();
        Map<String, List<Integer>> waitsByHour = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT origin_service, counter, officer, state, wait_seconds, "
                + "service_seconds, missing, incomplete_reason, issued_at FROM tickets WHERE day BETWEEN ? AND ?")) {
            ps.setString(1, from);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(4);
                    Integer wait = (Integer) rs.getObject(5);
                    Integer service = (Integer) rs.getObject(6);
                    // the hall's local hour of issue: the time is stored with the hall's offset
                    String hour = rs.getString(9).substring(11, 13);
                    arrivals.merge(hour, 1, Integer::sum);
                    if (wait != null) {
                        waitsByHour.computeIfAbsent(hour, k -> new ArrayList<>()).add(wait);
                    }
                    List<Group> groups = new ArrayList<>(List.of(all, services.computeIfAbsent(rs.getString(1), k -> new Group())));
                    if (rs.getString(2) != null && !state.equals("waiting")) {
                        groups.add(counters.computeIfAbsent(rs.getString(2), k -> new Group()));
                    }
                    if (rs.getString(3) != null && !state.equals("waiting")) {
                        groups.add(officers.computeIfAbsent(rs.getString(3), k -> new Group()));
                    }
                    for (Group g : groups) {
                        g.add(state, wait, service);
                    }
                    if (state.equals("incomplete")) {
                        // finishes from before reasons existed all named missing materials
                        reasons.merge(rs.getString(8) == null ? "missing-material" : rs.getString(8), 1, Integer::sum);
                    }
                    if (state.equals("incomplete") && rs.getString(7) != null) {
                        try {
                            for (JsonNode m : Json.MAPPER.readTree(rs.getString(7))) {
                                missing.merge(m.asText(), 1, Integer::sum);
                            }
                        } catch (IOException e) {
                            // a stored list is always JSON; a damaged row only loses its materials here
                        }
                    }
                }
            }
        }
        Map<String, Integer> transferred = new TreeMap<>();
        for (Event e : LoggedEvents.ofType(c, TicketEvent.Transferred.TYPE, from, to)) {
            var t = (TicketEvent.Transferred) HallEvents.decode(e.type(), e.data());
            transferred.merge(t.service(), 1, Integer::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("times", all.times());
        Map<String, Object> perService = new LinkedHashMap<>();
        services.forEach((k, g) -> perService.put(k, g.times()));
        out.put("timesByService", perService);
        Map<String, Object> perCounter = new LinkedHashMap<>();
        counters.forEach((k, g) -> perCounter.put(k, g.summary()));
        out.put("counters", perCounter);
        Map<String, Object> perOfficer = new LinkedHashMap<>();
        officers.forEach((k, g) -> perOfficer.put(k, g.summary()));
        out.put("officers", perOfficer);
        out.put("incompleteByMaterial", missing);
        out.put("incompleteByReason", reasons);
        out.put("arrivalsByHour", arrivals);
        Map<String, Object> waits = new LinkedHashMap<>();
        waitsByHour.forEach((h, l) -> waits.put(h, spread(l)));
        out.put("waitByHour", waits);
        out.put("transferred", transferred);
        return out;
    }

    /** Counts by final state and the two time lists of a group of tickets. */
    private static final class Group {
        final Map<String, Integer> states = new TreeMap<>();
        final List<Integer> waits = new ArrayList<>();
        final List<Integer> services = new ArrayList<>();

        void add(String state, Integer wait, Integer service) {
            states.merge(state.equals("no_show") ? "noShow" : state, 1, Integer::sum);
            if (wait != null) {
                waits.add(wait);
            }
            if (service != null) {
                services.add(service);
            }
        }

        Map<String, Object> times() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("waitMinutes", spread(waits));
            m.put("serviceMinutes", spread(services));
            return m;
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("done", states.getOrDefault("done", 0));
            m.put("incomplete", states.getOrDefault("incomplete", 0));
            m.put("noShow", states.getOrDefault("noShow", 0));
            m.putAll(times());
            return m;
        }
    }

    /** mean, p50, p90, max of seconds, as minutes with one decimal; nulls when there is nothing to measure. */
    static Map<String, Object> spread(List<Integer> seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (seconds.isEmpty()) {
            for (String k : List.of("n", "mean", "p50", "p90", "max")) {
                m.put(k, k.equals("n") ? 0 : null);
            }
            return m;
        }
        List<Integer> s = new ArrayList<>(seconds);
        Collections.sort(s);
        m.put("n", s.size());
        m.put("mean", minutes(s.stream().mapToLong(Integer::longValue).sum() / (double) s.size()));
        m.put("p50", minutes(rank(s, 0.50)));
        m.put("p90", minutes(rank(s, 0.90)));
        m.put("max", minutes(s.get(s.size() - 1)));
        return m;
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    private static double rank(List<Integer> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double minutes(double seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }
}
