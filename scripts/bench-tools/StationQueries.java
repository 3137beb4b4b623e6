import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hallqms.station.StationSide;
import org.hallqms.station.StationView;

/**
 * Times the station console's reads over a generated schema (StationGen pg), through the station's own
 * StationView (PgStationView), and prints "queries <name> <runs> <p50 ms> <p95 ms> <max ms>" per read:
 * the halls overview (all halls, today) and a hall's day (a random hall, a random day of the data).
 * The halls' URLs point at a closed port: their pulls fail at once and leave the data as generated.
 * Usage: java -cp device-service.jar StationQueries.java JDBC RUNS
 */
public final class StationQueries {
    public static void main(String[] args) throws Exception {
        String jdbc = args[0];
        int runs = Integer.parseInt(args[1]);
        Map<String, URI> halls = new LinkedHashMap<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        LocalDate first;
        LocalDate last;
        try (Connection c = DriverManager.getConnection(jdbc); ResultSet rs = c.createStatement().executeQuery(
                "SELECT hall, url, (SELECT min(day) FROM qms_tickets), (SELECT max(day) FROM qms_tickets) "
                        + "FROM qms_halls ORDER BY hall")) {
            LocalDate f = null;
            LocalDate l = null;
            while (rs.next()) {
                halls.put(rs.getString(1), URI.create(rs.getString(2)));
                tokens.put(rs.getString(1), "bench-token-0123456789");
                f = rs.getObject(3, LocalDate.class);
                l = rs.getObject(4, LocalDate.class);
            }
            first = f;
            last = l;
        }
        List<String> names = new ArrayList<>(halls.keySet());
        Random rnd = new Random(1);
        try (StationSide side = StationSide.start(jdbc, halls, tokens, null, Duration.ofHours(1),
                Clock.system(ZoneId.of("Asia/Shanghai")))) {
            StationView view = side.view();
            time("halls-overview", runs, () -> {
                if (view.halls(null).size() != names.size()) {
                    throw new IllegalStateException("not every hall in the overview");
                }
            });
            int span = (int) (last.toEpochDay() - first.toEpochDay());
            time("hall-day", runs, () -> {
                String h = names.get(rnd.nextInt(names.size()));
                LocalDate d = first.plusDays(rnd.nextInt(span + 1));
                if (view.day(h, d).orElseThrow().totals().issued() == 0) {
                    throw new IllegalStateException("no tickets on " + h + " " + d);
                }
            });
            time("cases-open", runs, () -> view.cases("open", null));
            time("officers-30-days", Math.max(5, runs / 5), () -> view.officers(last.minusDays(29), last, null));
            time("report-30-days", Math.max(5, runs / 5), () -> view.report(last.minusDays(29), last, null));
        }
    }

    static void time(String name, int runs, Runnable r) {
        for (int i = 0; i < Math.min(5, runs); i++) {
            r.run(); // warm: classes, plans, the buffer cache
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("queries %s %d %.1f %.1f %.1f%n", name, runs, ms[runs / 2],
                ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)], ms[runs - 1]);
    }
}
