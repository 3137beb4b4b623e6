package org.hallqms.rating;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.event.RatingEvent;
import org.hallqms.store.Json;
import org.hallqms.store.LoggedEvents;
import org.hallqms.store.Store;

/**
 * A span of days' ratings: counts per level, 好评率 (levels 3 to 5 over all ratings, as 1 and 2 are 差评), the
 * same per officer and per service, 差评 reasons and the share not rated.
 */
final class RatingStats {
    private RatingStats() {
    }

    /** Ratings over business days {@code from} to {@code to}, with 差评 reasons and the share not rated. */
    static Map<String, Object> of(Store store, LocalDate from, LocalDate to) {
        return store.read(c -> {
            Map<String, Object> out = tally();
            Map<String, Map<String, Object>> byOfficer = new java.util.TreeMap<>();
            Map<String, Map<String, Object>> byService = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(officer, ''), service, level, COUNT(*) "
                    + "FROM ratings WHERE day BETWEEN ? AND ? GROUP BY 1, 2, 3")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int n = rs.getInt(4);
                        String level = Integer.toString(rs.getInt(3));
                        for (Map<String, Object> m : List.of(out, byOfficer.computeIfAbsent(rs.getString(1), k -> tally()),
                                byService.computeIfAbsent(rs.getString(2), k -> tally()))) {
                            add(m, level, n);
                        }
                    }
                }
            }
            for (Map<String, Object> m : List.of(out)) {
                rate(m);
            }
            byOfficer.values().forEach(RatingStats::rate);
            byService.values().forEach(RatingStats::rate);
            Map<String, Integer> badReasons = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT reasons FROM ratings WHERE day BETWEEN ? AND ? "
                    + "AND level <= 2")) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            Json.MAPPER.readTree(rs.getString(1)).forEach(r -> badReasons.merge(r.asText(), 1, Integer::sum));
                        } catch (java.io.IOException e) {
                            // reasons are always stored as JSON
                        }
                    }
                }
            }
            int notRated;
            notRated = LoggedEvents.count(c, RatingEvent.NotRated.TYPE, from.toString(), to.toString());
            int rated = (Integer) out.get("rated");
            out.put("bad", ((Map<String, Integer>) out.get("levels")).get("1") + ((Map<String, Integer>) out.get("levels")).get("2"));
            out.put("badReasons", badReasons);
            out.put("notRated", notRated);
            out.put("notRatedShare", rated + notRated == 0 ? null : Math.round(1000.0 * notRated / (rated + notRated)) / 10.0);
            out.put("byOfficer", byOfficer);
            out.put("byService", byService);
            return out;
        });
    }

    private static Map<String, Object> tally() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rated", 0);
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (int l = 5; l >= 1; l--) {
            levels.put(Integer.toString(l), 0);
        }
        m.put("levels", levels);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> m, String level, int n) {
        m.merge("rated", n, (a, b) -> (Integer) a + (Integer) b);
        ((Map<String, Integer>) m.get("levels")).merge(level, n, Integer::sum);
    }

    @SuppressWarnings("unchecked")
    private static void rate(Map<String, Object> m) {
        int rated = (Integer) m.get("rated");
        Map<String, Integer> lv = (Map<String, Integer>) m.get("levels");
        int good = lv.get("5") + lv.get("4") + lv.get("3");
        // null rather than 100 % of nothing
        m.put("goodRate", rated == 0 ? null : Math.round(1000.0 * good / rated) / 10.0);
    }
}
