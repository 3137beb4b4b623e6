package org.hallqms.station;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link StationView} over the station's PostgreSQL. Every query is here or in {@link DayFigures} and
 * {@link StationReports}; figures come from qms_tickets, qms_ratings, qms_alarms and qms_cases only. Halls'
 * days are their local days: the clock's zone, or Asia/Shanghai when the clock is plain UTC (a server's default).
 * A database failure surfaces as {@link IllegalStateException}.
 */
final class PgStationView implements StationView {
    /** The most cases one list holds: open ones come first, so only old closed ones fall off. */
    static final int MAX_CASES = 1000;

    private final Connections db;
    private final Map<String, HallLoop> loops;
    private final Clock clock;
    private final ZoneId zone;
    private final StationReports reports;
    private final CaseForward forward;

    PgStationView(Connections db, Map<String, HallLoop> loops, Clock clock) {
        this.db = db;
        this.loops = loops;
        this.clock = clock;
        this.zone = zone(clock);
        this.reports = new StationReports(db);
        this.forward = new CaseForward(loops, zone);
    }

    static ZoneId zone(Clock clock) {
        ZoneId z = clock.getZone();
        return z.normalized().equals(ZoneOffset.UTC) ? ZoneId.of("Asia/Shanghai") : z;
    }

    private List<String> selected(Set<String> only) {
        return loops.keySet().stream().filter(h -> only == null || only.contains(h)).toList();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), zone);
    }

    @Override
    public List<HallSummary> halls(Set<String> only) {
        List<String> names = selected(only);
        if (names.isEmpty()) {
            return List.of();
        }
        OffsetDateTime now = now();
        return db.with(c -> {
            Array hs = Sql.texts(c, names);
            Map<String, Today> today = DayFigures.of(c, hs, now.toLocalDate(), false, now);
            Map<String, Object[]> stored = new HashMap<>();
            Sql.each(c, "SELECT hall, pulled_at, broken_reason FROM qms_halls WHERE hall = ANY(?)", rs ->
                    stored.put(rs.getString("hall"), new Object[] {rs.getObject("pulled_at", OffsetDateTime.class),
                            rs.getString("broken_reason")}), hs);
            List<HallSummary> out = new ArrayList<>(names.size());
            for (String h : names) {
                HallLoop loop = loops.get(h);
                HallLoop.Health health = loop.health();
                Object[] row = stored.getOrDefault(h, new Object[2]);
                // before this process's first round, the database's last word on the hall
                OffsetDateTime pulledAt = health.pulledAt() != null ? at(health.pulledAt()) : (OffsetDateTime) row[0];
                boolean broken = health.broken() || (health.pulledAt() == null && row[1] != null);
                String reason = health.broken() ? health.brokenReason() : broken ? (String) row[1] : null;
                out.add(new HallSummary(h, loop.url.toString(), pulledAt == null ? null
                        : pulledAt.atZoneSameInstant(zone).toOffsetDateTime(), health.lagEvents(), broken, reason,
                        health.lastError(), today.getOrDefault(h, DayFigures.none())));
            }
            return out;
        });
    }

    private OffsetDateTime at(Instant i) {
        return OffsetDateTime.ofInstant(i, zone);
    }

    @Override
    public Optional<HallDay> day(String hall, LocalDate day) {
        if (!loops.containsKey(hall)) {
            return Optional.empty();
        }
        return Optional.of(db.with(c -> {
            Today totals = DayFigures.of(c, Sql.texts(c, List.of(hall)), day, true, now())
                    .getOrDefault(hall, DayFigures.none());
            Map<String, int[]> served = new LinkedHashMap<>();
            Map<String, Double> meanService = new HashMap<>();
            Sql.each(c, "SELECT coalesce(counter, '') AS counter, coalesce(officer, '') AS officer, count(*) AS served, "
                    + "avg(service_seconds) / 60.0 AS mean_service FROM qms_tickets WHERE hall = ? AND day = ? "
                    + "AND state IN ('done', 'incomplete') GROUP BY 1, 2", rs -> {
                        String k = rs.getString("counter") + "\u0000" + rs.getString("officer");
                        served.computeIfAbsent(k, x -> new int[4])[0] = rs.getInt("served");
                        meanService.put(k, Sql.dbl(rs, "mean_service"));
                    }, hall, day);
            Sql.each(c, "SELECT counter, coalesce(officer, '') AS officer, count(*) FILTER (WHERE result = 'rated') AS rated, "
                    + "count(*) FILTER (WHERE level >= 4) AS good, count(*) FILTER (WHERE level <= 2) AS bad "
                    + "FROM qms_ratings WHERE hall = ? AND day = ? GROUP BY 1, 2", rs -> {
                        int[] w = served.computeIfAbsent(rs.getString("counter") + "\u0000" + rs.getString("officer"),
                                x -> new int[4]);
                        w[1] = rs.getInt("rated");
                        w[2] = rs.getInt("good");
                        w[3] = rs.getInt("bad");
                    }, hall, day);
            List<WindowRow> windows = new ArrayList<>();
            new TreeMap<>(served).forEach((k, w) -> {
                String[] co = k.split("\u0000", -1);
                windows.add(new WindowRow(co[0], co[1].isEmpty() ? null : co[1], w[0], meanService.get(k), w[1],
                        Sql.rate(w[2], w[1]), w[3]));
            });
            List<HourRow> hours = new ArrayList<>();
            Sql.each(c, "SELECT extract(hour FROM issued_at AT TIME ZONE ?)::int AS hour, count(*) AS issued, "
                    + "count(called_at) AS called, avg(" + DayFigures.WAIT + ") AS mean_wait, percentile_cont(0.9) "
                    + "WITHIN GROUP (ORDER BY " + DayFigures.WAIT + ") AS p90_wait FROM qms_tickets "
                    + "WHERE hall = ? AND day = ? GROUP BY 1 ORDER BY 1", rs -> hours.add(new HourRow(rs.getInt("hour"),
                    rs.getInt("issued"), rs.getInt("called"), Sql.dbl(rs, "mean_wait"), Sql.dbl(rs, "p90_wait"))),
                    zone.getId(), hall, day);
            Map<Integer, Integer> levels = new TreeMap<>();
            Sql.each(c, "SELECT level, count(*) AS n FROM qms_ratings WHERE hall = ? AND day = ? AND result = 'rated' "
                    + "GROUP BY level", rs -> levels.put(rs.getInt("level"), rs.getInt("n")), hall, day);
            List<BadRating> bad = new ArrayList<>();
            Sql.each(c, "SELECT at, ticket, number, service, counter, officer, level, reasons::text AS reasons "
                    + "FROM qms_ratings WHERE hall = ? AND day = ? AND level <= 2 ORDER BY at, seq", rs -> bad.add(
                    new BadRating(rs.getObject("at", OffsetDateTime.class).atZoneSameInstant(zone).toOffsetDateTime(),
                            rs.getString("ticket"), rs.getString("number"), rs.getString("service"),
                            rs.getString("counter"), rs.getString("officer"), rs.getInt("level"),
                            Sql.strings(rs.getString("reasons")))), hall, day);
            Map<String, Integer> byMaterial = new TreeMap<>();
            Sql.each(c, "SELECT m, count(*) AS n FROM qms_tickets t, jsonb_array_elements_text(t.missing) m "
                    + "WHERE hall = ? AND day = ? AND state = 'incomplete' AND jsonb_typeof(t.missing) = 'array' "
                    + "GROUP BY m", rs -> byMaterial.put(rs.getString("m"), rs.getInt("n")), hall, day);
            Map<String, Integer> byReason = new TreeMap<>();
            Sql.each(c, "SELECT coalesce(incomplete_reason, '') AS reason, count(*) AS n FROM qms_tickets "
                    + "WHERE hall = ? AND day = ? AND state = 'incomplete' GROUP BY 1", rs ->
                    byReason.put(rs.getString("reason"), rs.getInt("n")), hall, day);
            return new HallDay(hall, day, totals, windows, hours, levels, bad, byMaterial, byReason);
        }));
    }

    @Override
    public List<CaseRow> cases(String state, Set<String> only) {
        List<String> names = selected(only);
        if (names.isEmpty()) {
            return List.of();
        }
        OffsetDateTime now = now();
        return db.with(c -> {
            List<CaseRow> out = new ArrayList<>();
            String where = state == null ? "" : " AND state = ?";
            Object[] args = state == null ? new Object[] {now, now, Sql.texts(c, names), MAX_CASES}
                    : new Object[] {now, now, Sql.texts(c, names), state, MAX_CASES};
            Sql.each(c, "SELECT *, reasons::text AS reasons_text, " + DayFigures.OVERDUE + " AS overdue FROM qms_cases "
                    + "WHERE hall = ANY(?)" + where + " ORDER BY overdue DESC, CASE state WHEN 'open' THEN callback_due "
                    + "WHEN 'called-back' THEN resolve_due END NULLS LAST, opened_at DESC, hall, id LIMIT ?",
                    rs -> out.add(caseRow(rs)), args);
            return out;
        });
    }

    private CaseRow caseRow(ResultSet rs) throws SQLException {
        return new CaseRow(rs.getString("hall"), rs.getString("id"), rs.getString("kind"), rs.getString("ticket"),
                rs.getString("number"), rs.getString("service"), rs.getString("counter"), rs.getString("officer"),
                Sql.integer(rs, "level"), Sql.strings(rs.getString("reasons_text")), time(rs, "opened_at"),
                time(rs, "callback_due"), time(rs, "resolve_due"), rs.getString("state"), rs.getBoolean("overdue"),
                time(rs, "called_back_at"), time(rs, "closed_at"), rs.getString("reply"), rs.getString("note"),
                rs.getString("dismiss_reason"));
    }

    private OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime();
    }

    @Override
    public List<OfficerRow> officers(LocalDate from, LocalDate to, Set<String> only) {
        List<String> names = selected(only);
        return names.isEmpty() ? List.of() : reports.officers(from, to, names);
    }

    @Override
    public List<ReportRow> report(LocalDate from, LocalDate to, Set<String> only) {
        List<String> names = selected(only);
        return names.isEmpty() ? List.of() : reports.report(from, to, names);
    }

    @Override
    public CaseRow act(String hall, String caseId, CaseAction action, String by) {
        return forward.act(hall, caseId, action, by);
    }
}
