package org.hallqms.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hallqms.station.SyncPull;
import org.hallqms.store.Event;
import org.hallqms.store.Json;
import org.hallqms.support.Http;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden busy-day log: the events of one scripted busy day ({@link BusyDay}) as the old main (fff9666, before
 * the HallEvent redesign of issue 16) wrote them, in {@code src/test/resources/golden/}. What each test proves:
 * <ul>
 * <li>{@link #golden_log_made_by_the_old_main_still_verifies_link_by_link}: the fixture is a whole hash chain by
 * this code's {@link Event#verifies} (the canonical form and the hash rule are unchanged), and it holds every event
 * type the service can write, so the other tests cover them all.</li>
 * <li>{@link #a_hall_database_made_by_the_old_main_opens_and_its_chain_verifies}: a hall's SQLite file made by the
 * old main starts with this code, its chain verifies, the station feed serves the old events unchanged (same ids,
 * data and hashes), and the hall keeps working on it.</li>
 * <li>{@link #a_station_copy_pulled_from_the_old_database_verifies}: the station's verified pull into PostgreSQL
 * accepts that old hall's whole log (skipped without PostgreSQL, as the other PostgreSQL tests).</li>
 * <li>{@link #busy_day_replayed_by_this_code_writes_the_golden_events}: this code, driven through the same day,
 * writes the same events in the same order with the same {@code data} bytes, random values aside: the producers'
 * JSON is byte-for-byte what the old main wrote.</li>
 * </ul>
 * The fixture is never regenerated: {@link #the_candidate_fixture_is_written_only_when_asked} writes a candidate
 * under {@code target/} for the record of how it was made (see the README beside the fixture).
 */
class GoldenLogTest {
    /** Every event type the old main can write; {@code ticket.cancelled} is named in Alarms but written nowhere. */
    static final List<String> TYPES = List.of(
            "catalog.updated", "device.secret-set", "device.state",
            "appointment.booked", "appointment.cancelled", "appointment.missed",
            "ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished",
            "ticket.no_show", "ticket.transferred", "ticket.expired",
            "counter.opened", "counter.closed", "counter.paused", "counter.resumed", "counter.taken_over",
            "rating.requested", "rating.recorded", "rating.not_rated",
            "alarm.raised", "alarm.cleared");

    /**
     * Types added after the old main (issue 18's cases). A replay writes them beside the old events, which stay as
     * they were; they are left out where the old main's log is compared.
     */
    static final Set<String> ADDED = Set.of("case.opened", "case.called-back", "case.resolved", "case.dismissed",
            "case.overdue");

    @TempDir
    Path dir;

    static List<Event> fixture() throws IOException {
        try (InputStream in = GoldenLogTest.class.getResourceAsStream("/golden/busy-day-events.jsonl")) {
            assertThat(in).as("golden/busy-day-events.jsonl on the test class path").isNotNull();
            return BusyDay.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }

    private Path oldDatabase(Path data) throws IOException {
        Files.createDirectories(data);
        Path db = data.resolve("qms.db");
        try (InputStream in = GoldenLogTest.class.getResourceAsStream("/golden/busy-day-qms.db")) {
            assertThat(in).as("golden/busy-day-qms.db on the test class path").isNotNull();
            Files.copy(in, db, StandardCopyOption.REPLACE_EXISTING);
        }
        return db;
    }

    @Test
    void golden_log_made_by_the_old_main_still_verifies_link_by_link() throws IOException {
        List<Event> golden = fixture();
        assertThat(golden).hasSizeGreaterThan(300);
        String prev = Event.GENESIS;
        long seq = 1;
        for (Event e : golden) {
            assertThat(e.seq()).as("seq").isEqualTo(seq++);
            assertThat(e.verifies(prev)).as("event %d (%s) follows from its predecessor", e.seq(), e.type()).isTrue();
            prev = e.hash();
        }
        Set<String> seen = new LinkedHashSet<>();
        golden.forEach(e -> seen.add(e.type()));
        assertThat(seen).as("every event type the service writes").containsExactlyInAnyOrderElementsOf(TYPES);
    }

    @Test
    void a_hall_database_made_by_the_old_main_opens_and_its_chain_verifies() throws IOException {
        List<Event> golden = fixture();
        oldDatabase(dir.resolve("data"));
        try (TestHall hall = TestHall.start(dir)) {
            assertThat(hall.hall().store().firstBrokenSeq()).as("first broken seq").isEqualTo(-1L);
            Http.Resp health = hall.http().get("/health", null);
            assertThat(health.status()).as(health.raw()).isEqualTo(200);
            // the station feed serves the old events as they were stored
            List<JsonNode> fed = feed(hall, golden.size());
            assertThat(fed).hasSizeGreaterThanOrEqualTo(golden.size());
            for (int i = 0; i < golden.size(); i++) {
                Event g = golden.get(i);
                JsonNode f = fed.get(i);
                assertThat(f.path("seq").asLong()).isEqualTo(g.seq());
                assertThat(f.path("id").asText()).isEqualTo(g.id());
                assertThat(f.path("type").asText()).isEqualTo(g.type());
                assertThat(f.path("at").asText()).isEqualTo(g.at());
                assertThat(f.path("day").asText()).isEqualTo(g.day());
                assertThat(Json.write(f.path("data"))).as("data of %d", g.seq()).isEqualTo(g.data());
                assertThat(f.path("prevHash").asText()).isEqualTo(g.prevHash());
                assertThat(f.path("hash").asText()).as("hash of %d", g.seq()).isEqualTo(g.hash());
            }
            // and the hall goes on: one more ticket, chained to the old head
            long head = hall.head().seq();
            Http.Resp issued = hall.issue("id-card", "after-the-upgrade");
            assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
            assertThat(hall.head().seq()).isGreaterThan(head);
            assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1L);
        }
    }

    private static List<JsonNode> feed(TestHall hall, int atLeast) {
        List<JsonNode> out = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            Http.Resp r = hall.http().get("/api/v1/sync/events?after=" + after + "&limit=500", TestHall.SYNC);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            r.body().path("events").forEach(out::add);
            after = r.body().path("next").asLong();
            more = r.body().path("more").asBoolean();
        }
        return out;
    }

    @Test
    void a_station_copy_pulled_from_the_old_database_verifies() throws Exception {
        Postgres.requireServer();
        List<Event> golden = fixture();
        oldDatabase(dir.resolve("data"));
        String pg = Postgres.freshSchema();
        try (TestHall hall = TestHall.start(dir)) {
            Path token = dir.resolve("station.token");
            Files.writeString(token, TestHall.SYNC + "\n", StandardCharsets.UTF_8);
            // One event a page. With bigger pages the old main's station fails on this very log: a page holding
            // both the booking and the cancelling of one appointment code (GDAPP004, seq 18 and 21) makes
            // StationDb's batched upsert of qms_appointments touch the same row twice in one statement
            // ("ON CONFLICT DO UPDATE command cannot affect row a second time"), and the pull stops at that
            // page for good. That is a bug of the station's fold, reported with this fixture; this test is about
            // the old chain verifying at the station, so it steps around it.
            int rc = SyncPull.main(new String[] {"--jdbc", pg, "--hall", "demo-hall=http://127.0.0.1:"
                    + hall.hall().httpPort(), "--token", "demo-hall=@" + token, "--once", "--limit", "1"});
            assertThat(rc).as("sync-pull exit code (0 = ok)").isZero();
            long head = hall.head().seq();
            assertThat(head).isGreaterThanOrEqualTo(golden.size());
            try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), max(seq) FROM qms_events")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(head);
                    assertThat(rs.getLong(2)).isEqualTo(head);
                }
                try (ResultSet rs = s.executeQuery("SELECT seq, hash FROM qms_halls")) {
                    rs.next();
                    assertThat(rs.getLong(1) + " " + rs.getString(2)).isEqualTo(head + " " + hall.head().hash());
                }
                Map<Long, String> hashes = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT seq, hash FROM qms_events WHERE seq <= " + golden.size())) {
                    while (rs.next()) {
                        hashes.put(rs.getLong(1), rs.getString(2));
                    }
                }
                Map<Long, String> expected = new TreeMap<>();
                golden.forEach(e -> expected.put(e.seq(), e.hash()));
                assertThat(hashes).isEqualTo(expected);
            }
        } finally {
            Postgres.dropSchema(pg);
        }
    }

    @Test
    void busy_day_replayed_by_this_code_writes_the_golden_events() throws IOException {
        List<Event> golden = fixture();
        Path data = BusyDay.run(dir);
        List<Event> all = BusyDay.events(data.resolve("qms.db"));
        List<Event> now = all.stream().filter(e -> !ADDED.contains(e.type())).toList();
        assertThat(all).as("the replay opens cases for its 差评 and complaints").anyMatch(e -> e.type().equals("case.opened"));
        assertThat(now.stream().map(Event::type).toList()).as("event types in order")
                .isEqualTo(golden.stream().map(Event::type).toList());
        List<String> goldenData = normalised(golden);
        List<String> nowData = normalised(now);
        for (int i = 0; i < golden.size(); i++) {
            Event g = golden.get(i);
            Event n = now.get(i);
            assertThat(n.at()).as("at of %d %s", g.seq(), g.type()).isEqualTo(g.at());
            assertThat(n.day()).as("day of %d %s", g.seq(), g.type()).isEqualTo(g.day());
            assertThat(nowData.get(i)).as("data of %d %s (random values numbered)", g.seq(), g.type())
                    .isEqualTo(goldenData.get(i));
        }
        String prev = Event.GENESIS;
        for (Event e : all) {
            assertThat(e.verifies(prev)).as("event %d follows", e.seq()).isTrue();
            prev = e.hash();
        }
    }

    /**
     * The events' data with each random value replaced by {@code "#n"}, numbered in order of first appearance over
     * the whole log. Random are: ticket ids (13 characters, the last six random), rating session ids (16 random hex
     * digits) and the code the hall makes for an appointment added by hand (8 random characters). They are found
     * where they are born (ticket.issued's ticket, rating.requested's session, appointment.booked's code) and
     * replaced wherever they appear later as whole JSON strings. Nothing else is normalised: at and day follow the
     * virtual clock, and the event's own id (a random UUID) and the hashes are not compared.
     */
    static List<String> normalised(List<Event> events) {
        Map<String, String> random = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            JsonNode d;
            try {
                d = Json.MAPPER.readTree(e.data());
            } catch (IOException x) {
                throw new IllegalStateException(x);
            }
            String born = switch (e.type()) {
                case "ticket.issued" -> d.path("ticket").asText(null);
                case "rating.requested" -> d.path("session").asText(null);
                case "appointment.booked" -> MADE_CODE.matcher(d.path("code").asText("")).matches()
                        ? d.path("code").asText() : null;
                default -> null;
            };
            if (born != null) {
                random.putIfAbsent(born, "#" + (random.size() + 1));
            }
            Matcher m = STRING.matcher(e.data());
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String v = random.get(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : "\"" + v + "\""));
            }
            m.appendTail(b);
            out.add(b.toString());
        }
        return out;
    }

    /** A JSON string of letters and digits only (ids and codes never need escapes). */
    private static final Pattern STRING = Pattern.compile("\"([A-Za-z0-9]+)\"");
    /** The script's own appointment codes start with GD or STN; any other was made by the hall. */
    private static final Pattern MADE_CODE = Pattern.compile("(?!GD|STN)[A-Z2-9]{8}");

    /**
     * Writes a candidate fixture under {@code target/golden-candidate/}: how the committed one was made from the
     * old main. Run only when asked ({@code -Dgolden.write=true}); never copy a candidate made by later code over
     * the committed fixture.
     */
    @Test
    @EnabledIfSystemProperty(named = "golden.write", matches = "true")
    void the_candidate_fixture_is_written_only_when_asked() throws Exception {
        Path data = BusyDay.run(dir);
        Path db = data.resolve("qms.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        Path out = Path.of("target", "golden-candidate");
        Files.createDirectories(out);
        BusyDay.write(BusyDay.events(db), out.resolve("busy-day-events.jsonl"));
        Files.copy(db, out.resolve("busy-day-qms.db"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, Integer> counts = new TreeMap<>();
        BusyDay.events(db).forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        System.out.println("golden candidate: " + counts);
    }
}
