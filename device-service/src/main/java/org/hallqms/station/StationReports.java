package org.hallqms.station;

import java.sql.Array;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The console's range reports: per officer, and per hall and service, over days {@code from..to}. */
final class StationReports {
    private final Connections db;

    StationReports(Connections db) {
        this.db = db;
    }

    /** Mutable sums for one (hall, key) while the queries run. */
    private static final class Acc {
        int issued, done, noShow, incomplete, served, rated, good, bad, cases, onTime;
        Double meanWait, p90Wait, meanService;
        final Map<String, Integer> badReasons = new TreeMap<>();
    }

    private static Acc acc(Map<String, Acc> m, String hall, String key) {
        return m.computeIfAbsent(hall + "\u0000" + (key == null ? "" : key), k -> new Acc());
    }

    List<StationView.OfficerRow> officers(LocalDate from, LocalDate to, List<String> halls) {
        return db.with(c -> {
            Array hs = Sql.texts(c, halls);
            Map<String, Acc> m = new TreeMap<>();
            Sql.each(c, "SELECT hall, officer, count(*) AS served, avg(service_seconds) / 60.0 AS mean_service "
                    + "FROM qms_tickets WHERE hall = ANY(?) AND day BETWEEN ? AND ? AND state IN ('done', 'incomplete') "
                    + "AND officer IS NOT NULL GROUP BY hall, officer", rs -> {
                        Acc a = acc(m, rs.getString("hall"), rs.getString("officer"));
                        a.served = rs.getInt("served");
                        a.meanService = Sql.dbl(rs, "mean_service");
                    }, hs, from, to);
            Sql.each(c, "SELECT hall, officer, count(*) FILTER (WHERE result = 'rated') AS rated, "
                    + "count(*) FILTER (WHERE level >= 4) AS good, count(*) FILTER (WHERE level <= 2) AS bad "
                    + "FROM qms_ratings WHERE hall = ANY(?) AND day BETWEEN ? AND ? AND officer IS NOT NULL "
                    + "GROUP BY hall, officer", rs -> {
                        Acc a = acc(m, rs.getString("hall"), rs.getString("officer"));
                        a.rated = rs.getInt("rated");
                        a.good = rs.getInt("good");
                        a.bad = rs.getInt("bad");
                    }, hs, from, to);
            Sql.each(c, "SELECT hall, officer, r, count(*) AS n FROM qms_ratings, jsonb_array_elements_text("
                    + "CASE WHEN jsonb_typeof(reasons) = 'array' THEN reasons ELSE '[]'::jsonb END) r "
                    + "WHERE hall = ANY(?) AND day BETWEEN ? AND ? AND level <= 2 AND officer IS NOT NULL "
                    + "GROUP BY hall, officer, r", rs -> acc(m, rs.getString("hall"), rs.getString("officer"))
                    .badReasons.put(rs.getString("r"), rs.getInt("n")), hs, from, to);
            List<StationView.OfficerRow> out = new ArrayList<>();
            m.forEach((k, a) -> {
                String[] ho = k.split("\u0000", -1);
                out.add(new StationView.OfficerRow(ho[0], ho[1], a.served, a.meanService, a.rated,
                        Sql.rate(a.good, a.rated), a.bad, Map.copyOf(a.badReasons)));
            });
            return out;
        });
    }

    List<StationView.ReportRow> report(LocalDate from, LocalDate to, List<String> halls) {
        return db.with(c -> {
            Array hs = Sql.texts(c, halls);
            Map<String, Acc> m = new TreeMap<>();
            Sql.each(c, "SELECT hall, service, count(*) AS issued, count(*) FILTER (WHERE state = 'done') AS done, "
                    + "count(*) FILTER (WHERE state = 'no_show') AS no_show, "
                    + "count(*) FILTER (WHERE state = 'incomplete') AS incomplete, avg(" + DayFigures.WAIT + ") AS mean_wait, "
                    + "percentile_cont(0.9) WITHIN GROUP (ORDER BY " + DayFigures.WAIT + ") AS p90_wait "
                    + "FROM qms_tickets WHERE hall = ANY(?) AND day BETWEEN ? AND ? GROUP BY hall, service", rs -> {
                        Acc a = acc(m, rs.getString("hall"), rs.getString("service"));
                        a.issued = rs.getInt("issued");
                        a.done = rs.getInt("done");
                        a.noShow = rs.getInt("no_show");
                        a.incomplete = rs.getInt("incomplete");
                        a.meanWait = Sql.dbl(rs, "mean_wait");
                        a.p90Wait = Sql.dbl(rs, "p90_wait");
                    }, hs, from, to);
            Sql.each(c, "SELECT hall, service, count(*) FILTER (WHERE result = 'rated') AS rated, "
                    + "count(*) FILTER (WHERE level >= 4) AS good, count(*) FILTER (WHERE level <= 2) AS bad "
                    + "FROM qms_ratings WHERE hall = ANY(?) AND day BETWEEN ? AND ? GROUP BY hall, service", rs -> {
                        Acc a = acc(m, rs.getString("hall"), rs.getString("service"));
                        a.rated = rs.getInt("rated");
                        a.good = rs.getInt("good");
                        a.bad = rs.getInt("bad");
                    }, hs, from, to);
            // answered on time: called back (or closed) by the callback due
            Sql.each(c, "SELECT hall, coalesce(service, '') AS service, count(*) AS cases, count(*) FILTER (WHERE "
                    + "coalesce(called_back_at, closed_at) <= callback_due) AS on_time FROM qms_cases "
                    + "WHERE hall = ANY(?) AND day BETWEEN ? AND ? GROUP BY 1, 2", rs -> {
                        Acc a = acc(m, rs.getString("hall"), rs.getString("service"));
                        a.cases = rs.getInt("cases");
                        a.onTime = rs.getInt("on_time");
                    }, hs, from, to);
            List<StationView.ReportRow> out = new ArrayList<>();
            m.forEach((k, a) -> {
                String[] hs2 = k.split("\u0000", -1);
                out.add(new StationView.ReportRow(hs2[0], hs2[1], a.issued, a.done, a.noShow, a.incomplete,
                        a.meanWait, a.p90Wait, a.rated, Sql.rate(a.good, a.rated), a.bad, a.cases, a.onTime));
            });
            return out;
        });
    }
}
