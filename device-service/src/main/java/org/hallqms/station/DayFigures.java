package org.hallqms.station;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * A hall's day in figures ({@link StationView.Today}) for many halls at once: one grouped query per table, each an
 * index range per hall and day ({@code qms_tickets_day}, {@code qms_ratings_day}, {@code qms_cases_open},
 * {@code qms_alarms_open}), so 50 halls cost the same four queries as one.
 */
final class DayFigures {
    /** Wait = called_at − issued_at, in minutes; tickets never called have none and are left out. */
    static final String WAIT = "extract(epoch FROM called_at - issued_at) / 60.0";
    /**
     * A case is overdue while still open past its callback due, or not yet closed past its resolve due; the hall's
     * {@code case.overdue} events set the flags, the station's clock covers the time until the next sweep.
     */
    static final String OVERDUE = "((state = 'open' AND (callback_overdue OR callback_due < ?)) "
            + "OR (state IN ('open', 'called-back') AND (resolve_overdue OR resolve_due < ?)))";

    private static final class Acc {
        int issued, waiting, done, noShow, incomplete, rated, good, bad, openCases, overdueCases, openAlarms;
        Double meanWait, p90Wait;

        StationView.Today today() {
            return new StationView.Today(issued, waiting, done, noShow, incomplete, meanWait, p90Wait, rated,
                    Sql.rate(good, rated), bad, openCases, overdueCases, openAlarms);
        }
    }

    private DayFigures() {
    }

    static StationView.Today none() {
        return new Acc().today();
    }

    /**
     * Each hall's figures for {@code day}. Tickets and ratings are the day's. {@code dayOnly} false (the console's
     * "today"): open cases and alarms are all the hall still has open, whatever day they began; true (a past
     * day's page): only those that began that day.
     */
    static Map<String, StationView.Today> of(Connection c, Array halls, LocalDate day, boolean dayOnly,
                                             OffsetDateTime now) throws SQLException {
        Map<String, Acc> acc = new HashMap<>();
        Sql.each(c, "SELECT hall, count(*) AS issued, count(*) FILTER (WHERE state = 'waiting') AS waiting, "
                + "count(*) FILTER (WHERE state = 'done') AS done, count(*) FILTER (WHERE state = 'no_show') AS no_show, "
                + "count(*) FILTER (WHERE state = 'incomplete') AS incomplete, avg(" + WAIT + ") AS mean_wait, "
                + "percentile_cont(0.9) WITHIN GROUP (ORDER BY " + WAIT + ") AS p90_wait "
                + "FROM qms_tickets WHERE hall = ANY(?) AND day = ? GROUP BY hall", rs -> {
                    Acc a = acc.computeIfAbsent(rs.getString("hall"), h -> new Acc());
                    a.issued = rs.getInt("issued");
                    a.waiting = rs.getInt("waiting");
                    a.done = rs.getInt("done");
                    a.noShow = rs.getInt("no_show");
                    a.incomplete = rs.getInt("incomplete");
                    a.meanWait = Sql.dbl(rs, "mean_wait");
                    a.p90Wait = Sql.dbl(rs, "p90_wait");
                }, halls, day);
        Sql.each(c, "SELECT hall, count(*) FILTER (WHERE result = 'rated') AS rated, "
                + "count(*) FILTER (WHERE level >= 4) AS good, count(*) FILTER (WHERE level <= 2) AS bad "
                + "FROM qms_ratings WHERE hall = ANY(?) AND day = ? GROUP BY hall", rs -> {
                    Acc a = acc.computeIfAbsent(rs.getString("hall"), h -> new Acc());
                    a.rated = rs.getInt("rated");
                    a.good = rs.getInt("good");
                    a.bad = rs.getInt("bad");
                }, halls, day);
        String onDay = dayOnly ? " AND day = ?" : "";
        Object[] caseArgs = dayOnly ? new Object[] {now, now, halls, day} : new Object[] {now, now, halls};
        Sql.each(c, "SELECT hall, count(*) AS open, count(*) FILTER (WHERE " + OVERDUE + ") AS overdue FROM qms_cases "
                + "WHERE hall = ANY(?) AND state IN ('open', 'called-back')" + onDay + " GROUP BY hall", rs -> {
                    Acc a = acc.computeIfAbsent(rs.getString("hall"), h -> new Acc());
                    a.openCases = rs.getInt("open");
                    a.overdueCases = rs.getInt("overdue");
                }, caseArgs);
        Sql.each(c, "SELECT hall, count(*) AS open FROM qms_alarms WHERE hall = ANY(?) AND cleared_at IS NULL" + onDay
                + " GROUP BY hall", rs -> acc.computeIfAbsent(rs.getString("hall"), h -> new Acc()).openAlarms =
                rs.getInt("open"), dayOnly ? new Object[] {halls, day} : new Object[] {halls});
        Map<String, StationView.Today> out = new HashMap<>();
        acc.forEach((h, a) -> out.put(h, a.today()));
        return out;
    }
}
