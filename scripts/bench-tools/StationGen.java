import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hallqms.event.AlarmEvent;
import org.hallqms.event.CaseEvent;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.hallqms.event.Outcome;
import org.hallqms.event.RatingEvent;
import org.hallqms.event.TicketEvent;
import org.hallqms.station.StationSide;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.store.Store;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Simulated halls for scripts/bench-station. One simulation, two sinks:
 *   pg JDBC HALLS DAYS THREADS  — a fresh station schema filled by COPY: qms_events as real hash-chained rows
 *                                 (data from HallEvents.encode), and the tables the puller would have built from them
 *   hall DATA_DIR DAYS TICKETS  — one hall's own SQLite log, appended through the hall's Store (its chain), with a
 *                                 clock that walks through the days, for a catch-up over HTTP
 * A day: tickets issued 08:30-16:30, called after a wait, served, finished (done or 办不成事), rated or not;
 * 差评 with reasons open cases (called back, resolved, some dismissed, some left open and overdue), waits past
 * 30 minutes raise alarms, a few complaints. The last day is today (Asia/Shanghai).
 */
public final class StationGen {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String[] SERVICES = {"id-card", "household", "certificate", "vehicle", "exit-entry"};
    static final String[] REASONS = {"attitude", "slow", "unclear", "environment"};

    public static void main(String[] args) throws Exception {
        if (args[0].equals("hall")) {
            hall(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            pg(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
    }

    /** A logged event with its time. */
    record Ev(OffsetDateTime at, HallEvent e) {
    }

    /** Rows the station builds, as COPY text lines per table. */
    interface Sink {
        void event(Ev ev) throws Exception;

        default void ticket(String line) throws Exception {
        }

        default void rating(String line) throws Exception {
        }

        default void alarm(String line) throws Exception {
        }

        default void caseRow(String line) throws Exception {
        }
    }

    // ---- the simulation -------------------------------------------------------------------------------------

    /** One hall's day: its events in time order, handed to the sink with the station's rows. */
    static final class Day {
        final String hall;
        final LocalDate day;
        final Random rnd;
        final int tickets;
        final AtomicLong alarmIds;
        final List<Ev> evs = new ArrayList<>();
        final List<Object[]> ticketRows = new ArrayList<>();
        final List<Object[]> ratingRows = new ArrayList<>(); // [Ev index key..] filled after seq known
        int caseNo;

        Day(String hall, LocalDate day, Random rnd, int tickets, AtomicLong alarmIds) {
            this.hall = hall;
            this.day = day;
            this.rnd = rnd;
            this.tickets = tickets;
            this.alarmIds = alarmIds;
        }

        OffsetDateTime at(int secondOfDay) {
            return day.atStartOfDay(ZONE).plusSeconds(secondOfDay).toOffsetDateTime();
        }

        void run(Sink sink, long[] seq) throws Exception {
            int counters = 8;
            int[] counterFree = new int[counters];
            for (int k = 0; k < counters; k++) {
                counterFree[k] = 9 * 3600;
            }
            int[] perService = new int[SERVICES.length];
            int open = 8 * 3600 + 1800;
            int span = 8 * 3600;
            int[] issuedAt = new int[tickets];
            for (int i = 0; i < tickets; i++) {
                issuedAt[i] = open + rnd.nextInt(span);
            }
            java.util.Arrays.sort(issuedAt);
            List<Object[]> tix = new ArrayList<>();
            for (int i = 0; i < tickets; i++) {
                int s = rnd.nextInt(SERVICES.length);
                String service = SERVICES[s];
                String number = (char) ('A' + s) + String.format("%03d", ++perService[s]);
                String ticket = day.toString().replace("-", "") + "-" + number;
                int t0 = issuedAt[i];
                add(t0, new TicketEvent.Issued(ticket, number, service, TicketEvent.Channel.KIOSK,
                        TicketEvent.Priority.NORMAL, null, null));
                int k = 0;
                for (int j = 1; j < counters; j++) {
                    if (counterFree[j] < counterFree[k]) {
                        k = j;
                    }
                }
                String counter = String.valueOf(k + 1);
                String officer = String.valueOf(510001 + k + (day.getDayOfYear() % 2) * 100);
                int called = Math.max(t0 + 30, counterFree[k]) + rnd.nextInt(60);
                int wait = called - t0;
                long alarm = 0;
                if (wait > 30 * 60) {
                    alarm = alarmIds.incrementAndGet();
                    add(t0 + 30 * 60, new AlarmEvent.Raised(alarm, AlarmEvent.Kind.WAIT_TARGET, ticket, number, service,
                            null, null, null, 30));
                    add(called, new AlarmEvent.Cleared(alarm, AlarmEvent.Kind.WAIT_TARGET, ticket, number, "call"));
                    sink.alarm(line(hall, alarm, day, "wait-target", ticket, number, service, null, null, null, 30,
                            at(t0 + 30 * 60), at(called), "call"));
                }
                add(called, new TicketEvent.Called(ticket, number, service, counter, officer));
                Object[] row = {hall, ticket, day, number, service, service, "kiosk", "normal", null, counter, officer,
                        0, at(t0), at(called), null, null, null, null, null, 0L, null, null};
                tix.add(row);
                int r = rnd.nextInt(100);
                if (r < 4) {
                    int gone = called + 180;
                    add(gone, new TicketEvent.NoShow(ticket, number, service, counter, officer, 0));
                    row[8] = "no_show";
                    row[15] = at(gone);
                    counterFree[k] = gone;
                    row[19] = (long) evs.size();
                    continue;
                }
                int started = called + 20 + rnd.nextInt(40);
                add(started, new TicketEvent.Started(ticket, number, service, counter, officer));
                int service_s = 180 + rnd.nextInt(900);
                int finished = started + service_s;
                boolean incomplete = r < 10;
                List<String> missing = incomplete && r < 7 ? List.of("photo") : List.of();
                String reason = incomplete && r >= 7 ? "policy" : null;
                add(finished, new TicketEvent.Finished(ticket, number, service, counter, officer,
                        incomplete ? Outcome.INCOMPLETE : Outcome.DONE, service_s, missing, reason));
                row[8] = incomplete ? "incomplete" : "done";
                row[14] = at(started);
                row[15] = at(finished);
                row[16] = row[8];
                row[17] = missing.isEmpty() ? null : Json.write(missing);
                row[18] = service_s;
                row[20] = reason;
                row[19] = (long) evs.size();
                counterFree[k] = finished + 10;
                String device = "eval-" + counter;
                String session = ticket + "-r";
                add(finished, new RatingEvent.Requested(session, device, ticket, number, service, counter, officer,
                        incomplete ? Outcome.INCOMPLETE : Outcome.DONE, at(finished + 120)));
                if (rnd.nextInt(10) < 8) {
                    int level = 5 - Math.min(4, (int) Math.abs(rnd.nextGaussian() * 1.1));
                    List<String> reasons = level <= 2 ? List.of(REASONS[rnd.nextInt(REASONS.length)]) : List.of();
                    int ratedAt = finished + 5 + rnd.nextInt(30);
                    add(ratedAt, new RatingEvent.Recorded(session, device, ticket, number, service, counter, officer,
                            level, reasons, null));
                    ratingIndex.add(new Object[] {evs.size(), ticket, number, service, counter, officer, device, session,
                            "rated", level, reasons, at(ratedAt)});
                    if (level <= 2) {
                        opened(sink, ratedAt, CaseEvent.Kind.BAD_RATING, ticket, number, service, counter, officer,
                                level, reasons, session);
                    }
                } else {
                    add(finished + 120, new RatingEvent.NotRated(session, device, ticket, number, service, counter,
                            officer, RatingEvent.NotRatedReason.TIMEOUT));
                    ratingIndex.add(new Object[] {evs.size(), ticket, number, service, counter, officer, device,
                            session, "not_rated", null, null, at(finished + 120)});
                }
                if (incomplete && rnd.nextInt(20) == 0) {
                    long complaint = alarmIds.incrementAndGet();
                    int when = finished + 60;
                    add(when, new AlarmEvent.Raised(complaint, AlarmEvent.Kind.COMPLAINT, ticket, number, service,
                            counter, officer, "办不成事", null));
                    sink.alarm(line(hall, complaint, day, "complaint", ticket, number, service, counter, officer,
                            "办不成事", null, at(when), null, null));
                    opened(sink, when, CaseEvent.Kind.COMPLAINT, ticket, number, service, counter, officer, null,
                            List.of(), String.valueOf(complaint));
                }
            }
            // events in time order, then numbered: the ticket rows' last_seq and ratings' seq follow
            Integer[] order = new Integer[evs.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> evs.get(a).at().compareTo(evs.get(b).at()));
            long[] seqOf = new long[order.length];
            for (int i = 0; i < order.length; i++) {
                seqOf[order[i]] = seq[0] + 1 + i;
            }
            for (Integer i : order) {
                sink.event(evs.get(i));
            }
            // a ticket's last event is its last added one before the next ticket's (index in row[19], 1-based count)
            for (Object[] row : tix) {
                long lastIdx = (long) row[19] - 1;
                long last = seqOf[(int) lastIdx];
                row[19] = last;
                sink.ticket(line(row));
            }
            for (Object[] rr : ratingIndex) {
                int idx = (int) rr[0] - 1;
                sink.rating(line(hall, seqOf[idx], day, rr[11], rr[7], rr[1], rr[2], rr[3], rr[4], rr[5], rr[6], rr[8],
                        rr[9], rr[10] == null ? null : Json.write(rr[10])));
            }
            for (Object[] cr : caseRows) {
                cr[cr.length - 1] = seqOf[(int) (long) cr[cr.length - 1]];
                sink.caseRow(line(cr));
            }
            seq[0] += order.length;
        }

        final List<Object[]> ratingIndex = new ArrayList<>();
        final List<Object[]> caseRows = new ArrayList<>();

        void add(int second, HallEvent e) {
            evs.add(new Ev(at(Math.min(second, 86399)), e));
        }

        void opened(Sink sink, int when, CaseEvent.Kind kind, String ticket, String number, String service,
                    String counter, String officer, Integer level, List<String> reasons, String source) {
            String id = "C" + day.toString().replace("-", "") + "-" + String.format("%03d", ++caseNo);
            OffsetDateTime openedAt = at(when);
            OffsetDateTime callbackDue = openedAt.plusHours(24);
            OffsetDateTime resolveDue = openedAt.plusDays(7);
            add(when, new CaseEvent.Opened(id, kind, ticket, number, service, counter, officer, level, reasons, source,
                    callbackDue, resolveDue));
            boolean recent = day.isAfter(LocalDate.now(ZONE).minusDays(3));
            int r = rnd.nextInt(100);
            String state = "open";
            OffsetDateTime calledBack = null, closed = null;
            String reply = null, note = null, dismiss = null;
            boolean cbOver = false, resOver = false;
            if (!recent && r < 85) {
                int cb = Math.min(when + 3600 + rnd.nextInt(7200), 86000);
                add(cb, new CaseEvent.CalledBack(id, "station:王警官", "已电话回访"));
                calledBack = at(cb);
                note = "已电话回访";
                state = "called-back";
                if (r < 75) {
                    int res = Math.min(cb + 600, 86300);
                    add(res, new CaseEvent.Resolved(id, "station:王警官", "已改进窗口服务，感谢您的意见。", null));
                    state = "resolved";
                    closed = at(res);
                    reply = "已改进窗口服务，感谢您的意见。";
                }
            } else if (!recent && r < 90) {
                int dis = Math.min(when + 1800, 86300);
                add(dis, new CaseEvent.Dismissed(id, "admin", "误评"));
                state = "dismissed";
                closed = at(dis);
                dismiss = "误评";
            } else if (!recent) {
                // left open past both deadlines: the sweep's overdue events come the next day, kept within this one
                add(86390, new CaseEvent.Overdue(id, CaseEvent.Due.CALLBACK));
                cbOver = true;
            }
            caseRows.add(new Object[] {hall, id, kind.wire(), ticket, number, service, counter, officer, level,
                    Json.write(reasons), openedAt, day, callbackDue, resolveDue, state, calledBack, closed, reply, note,
                    dismiss, cbOver, resOver, (long) evs.size() - 1});
        }
    }

    /** A COPY text line; null as \N. */
    static String line(Object... values) {
        StringBuilder b = new StringBuilder(200);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                b.append("\\N");
                continue;
            }
            String s = v.toString();
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
        }
        return b.append('\n').toString();
    }

    static int ticketsOn(Random rnd, LocalDate d, int mean) {
        double f = switch (d.getDayOfWeek()) {
            case MONDAY -> 1.25;
            case SATURDAY -> 0.6;
            case SUNDAY -> 0.4;
            default -> 1.0;
        };
        return Math.max(10, (int) (mean * f * (0.8 + 0.4 * rnd.nextDouble())));
    }

    // ---- sink 1: the station's PostgreSQL ---------------------------------------------------------------------

    static void pg(String jdbc, int halls, int days, int threads) throws Exception {
        // the schema exactly as the station makes it
        StationSide.start(jdbc, Map.of(), Map.of(), null, Duration.ofHours(1), Clock.systemUTC()).close();
        LocalDate today = LocalDate.now(ZONE);
        AtomicLong events = new AtomicLong();
        long t0 = System.nanoTime();
        // Secondary indexes are built once after the load (much faster than row by row), as they were defined.
        List<String> indexes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc); var st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (var rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                    + "AND indexname NOT LIKE '%_pkey'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    indexes.add(rs.getString(2));
                }
            }
            for (String name : names) {
                st.execute("DROP INDEX " + name);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int h = 1; h <= halls; h++) {
            String hall = String.format("hall-%02d", h);
            int mean = 120 + (h * 37) % 140; // halls of different sizes: 120..259 tickets a day
            fs.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(jdbc)) {
                    c.createStatement().execute("SET synchronous_commit = off");
                    c.setAutoCommit(false);
                    PgSink sink = new PgSink(hall);
                    Random rnd = new Random(hall.hashCode());
                    AtomicLong alarms = new AtomicLong();
                    long[] seq = {0};
                    for (int d = days - 1; d >= 0; d--) {
                        LocalDate day = today.minusDays(d);
                        new Day(hall, day, rnd, ticketsOn(rnd, day, mean), alarms).run(sink, seq);
                        if (sink.events.length() > (8 << 20)) {
                            sink.flush(c);
                        }
                    }
                    sink.flush(c);
                    try (var ps = c.prepareStatement("INSERT INTO qms_halls(hall, url, seq, hash, pulled_at) "
                            + "VALUES (?, ?, ?, ?, now())")) {
                        ps.setString(1, hall);
                        ps.setString(2, "http://127.0.0.1:9/" + hall);
                        ps.setLong(3, seq[0]);
                        ps.setString(4, sink.prev);
                        ps.executeUpdate();
                    }
                    c.commit();
                    events.addAndGet(seq[0]);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        long loaded = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc)) {
            c.createStatement().execute("SET maintenance_work_mem = '256MB'");
            for (String def : indexes) {
                c.createStatement().execute(def);
            }
            for (String t : List.of("qms_events", "qms_tickets", "qms_ratings", "qms_alarms", "qms_cases", "qms_halls")) {
                c.createStatement().execute("ANALYZE " + t);
            }
        }
        System.out.printf("generated %d halls x %d days: %d events in %.1f s (rows %.1f s, %d indexes and analyze %.1f s)%n",
                halls, days, events.get(), (System.nanoTime() - t0) / 1e9, (loaded - t0) / 1e9, indexes.size(),
                (System.nanoTime() - loaded) / 1e9);
    }

    /** Hash-chains the events as the hall's store does and buffers every table's COPY text. */
    static final class PgSink implements Sink {
        final String hall;
        final StringBuilder events = new StringBuilder(1 << 20);
        final StringBuilder tickets = new StringBuilder();
        final StringBuilder ratings = new StringBuilder();
        final StringBuilder alarms = new StringBuilder();
        final StringBuilder cases = new StringBuilder();
        final MessageDigest sha;
        final Random ids;
        String prev = Event.GENESIS;
        long seq;
        int checked;

        PgSink(String hall) throws Exception {
            this.hall = hall;
            this.sha = MessageDigest.getInstance("SHA-256");
            this.ids = new Random(hall.hashCode() * 31L);
        }

        @Override
        public void event(Ev ev) throws Exception {
            seq++;
            String id = new UUID(ids.nextLong(), ids.nextLong()).toString();
            String type = ev.e().type();
            String at = ev.at().toString();
            String day = ev.at().toLocalDate().toString();
            String data = HallEvents.encode(ev.e());
            StringBuilder b = new StringBuilder(120 + data.length());
            b.append("{\"at\":");
            Json.quote(b, at);
            b.append(",\"data\":").append(data).append(",\"day\":");
            Json.quote(b, day);
            b.append(",\"id\":");
            Json.quote(b, id);
            b.append(",\"seq\":").append(seq).append(",\"type\":");
            Json.quote(b, type);
            b.append('}');
            sha.update(prev.getBytes(StandardCharsets.US_ASCII));
            String hash = HexFormat.of().formatHex(sha.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
            if (checked++ < 50 && !new Event(seq, id, type, at, day, data, prev, hash).verifies(prev)) {
                throw new IllegalStateException("the generated chain does not verify at " + hall + " seq " + seq);
            }
            events.append(line(hall, seq, id, type, at, day, data, prev, hash));
            prev = hash;
        }

        @Override
        public void ticket(String l) {
            tickets.append(l);
        }

        @Override
        public void rating(String l) {
            ratings.append(l);
        }

        @Override
        public void alarm(String l) {
            alarms.append(l);
        }

        @Override
        public void caseRow(String l) {
            cases.append(l);
        }

        void flush(Connection c) throws Exception {
            copy(c, "COPY qms_events(hall, seq, id, type, at, day, data, prev_hash, hash) FROM STDIN", events);
            copy(c, "COPY qms_tickets(hall, id, day, number, origin_service, service, channel, priority, state, "
                    + "counter, officer, recalls, issued_at, called_at, started_at, finished_at, outcome, missing, "
                    + "service_seconds, last_seq, incomplete_reason, appointment) FROM STDIN", tickets);
            copy(c, "COPY qms_ratings(hall, seq, day, at, session, ticket, number, service, counter, officer, device, "
                    + "result, level, reasons) FROM STDIN", ratings);
            copy(c, "COPY qms_alarms(hall, alarm, day, kind, ticket, number, service, counter, officer, reason, "
                    + "limit_minutes, raised_at, cleared_at, cleared_by) FROM STDIN", alarms);
            copy(c, "COPY qms_cases(hall, id, kind, ticket, number, service, counter, officer, level, reasons, "
                    + "opened_at, day, callback_due, resolve_due, state, called_back_at, closed_at, reply, note, "
                    + "dismiss_reason, callback_overdue, resolve_overdue, last_seq) FROM STDIN", cases);
            c.commit();
        }

        static void copy(Connection c, String sql, StringBuilder rows) throws Exception {
            if (rows.length() == 0) {
                return;
            }
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            rows.setLength(0);
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        }
    }

    // ---- sink 2: a hall's own log ------------------------------------------------------------------------------

    /** A clock the filler moves to each event's time. */
    static final class Walk extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static void hall(Path dir, int days, int ticketsPerDay) throws Exception {
        Walk clock = new Walk();
        LocalDate today = LocalDate.now(ZONE);
        long[] n = {0};
        try (Store store = Store.open(dir, clock, ZONE)) {
            Random rnd = new Random(7);
            AtomicLong alarms = new AtomicLong();
            for (int d = days - 1; d >= 0; d--) {
                LocalDate day = today.minusDays(d);
                List<Ev> batch = new ArrayList<>();
                Sink sink = ev -> {
                    batch.add(ev);
                };
                long[] seq = {0};
                new Day("hall", day, rnd, ticketsOn(rnd, day, ticketsPerDay), alarms).run(sink, seq);
                for (int i = 0; i < batch.size(); i += 500) {
                    List<Ev> part = batch.subList(i, Math.min(i + 500, batch.size()));
                    clock.now = part.get(0).at().toInstant(); // the transaction's business day
                    store.write(tx -> {
                        for (Ev ev : part) {
                            clock.now = ev.at().toInstant();
                            tx.append(ev.e());
                        }
                        return null;
                    });
                }
                n[0] += batch.size();
            }
        }
        System.out.println("hall log: " + n[0] + " events over " + days + " days");
    }
}
