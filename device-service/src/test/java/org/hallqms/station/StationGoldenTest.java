package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.hallqms.store.Json;
import org.hallqms.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden busy-day log (made by the old main, fff9666) projected into the station's tables must give exactly
 * the tables the puller of that main gave ({@code station/golden-station-tables.txt}, made by it before the fold
 * read typed events), whatever the page size.
 */
class StationGoldenTest {
    private static final String EXPECTED = "/station/golden-station-tables.txt";
    private static final List<String> TABLES = List.of("qms_halls", "qms_events", "qms_tickets", "qms_ratings",
            "qms_device_changes", "qms_alarms", "qms_appointments");
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    static void server() {
        Postgres.requireServer();
    }

    @AfterEach
    void dropSchemas() {
        schemas.forEach(Postgres::dropSchema);
    }

    @Test
    void the_golden_days_log_gives_the_old_pullers_tables_in_one_page_or_in_many() throws Exception {
        List<Event> log = goldenLog();
        EventHead prev = new EventHead(0, Event.GENESIS);
        for (Event e : log) {
            assertThat(SyncPull.check(prev, e)).as("seq " + e.seq()).isNull();
            prev = new EventHead(e.seq(), e.hash());
        }

        String eventByEvent = pull(log, 1);
        String path = System.getProperty("qms.station.golden.write");
        if (path != null) {
            Files.writeString(Path.of(path), eventByEvent, StandardCharsets.UTF_8);
        }
        String expected;
        try (var in = getClass().getResourceAsStream(EXPECTED)) {
            assertThat(in).as(EXPECTED).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(eventByEvent).isEqualTo(expected);
        assertThat(pull(log, 7)).isEqualTo(expected);
        assertThat(pull(log, log.size())).isEqualTo(expected);
    }

    @Test
    void events_this_puller_cannot_read_a_new_type_or_a_new_value_are_kept_raw_and_change_no_table() throws Exception {
        List<Event> log = goldenLog().subList(0, 200);
        Event last = log.get(log.size() - 1);
        String ticket = log.stream().filter(e -> e.type().equals("ticket.issued")).reduce((a, b) -> b).orElseThrow()
                .data().replaceAll(".*\"ticket\":\"([^\"]+)\".*", "$1");
        List<Event> more = new ArrayList<>(log);
        more.add(new Event(last.seq() + 1, "later-1", "ticket.snoozed", last.at(), last.day(),
                "{\"minutes\":5,\"ticket\":\"" + ticket + "\"}", last.hash(), "h1"));
        more.add(new Event(last.seq() + 2, "later-2", "kiosk.rebooted", last.at(), last.day(), "{}", "h1", "h2"));
        // a value a newer hall may write: kept raw, no row, and the pull goes on
        more.add(new Event(last.seq() + 3, "later-3", "device.state", last.at(), last.day(),
                "{\"device\":\"screen-1\",\"fw\":null,\"kind\":null,\"state\":\"updating\"}", "h2", "h3"));

        String url = schema();
        append(url, more, more.size());

        String without = schema();
        append(without, log, log.size());
        // the ticket's last_seq moves past the unknown event, as it always did; nothing else changes
        String tables = dump(url, "last_seq");
        String tablesWithout = dump(without, "last_seq");
        assertThat(tables.substring(tables.indexOf("qms_tickets")))
                .isEqualTo(tablesWithout.substring(tablesWithout.indexOf("qms_tickets")));
        assertThat(dump(url)).contains("\"type\": \"ticket.snoozed\"", "\"type\": \"kiosk.rebooted\"",
                "\"seq\": " + (last.seq() + 3) + ", \"data\"");
    }

    private String pull(List<Event> log, int pageSize) throws SQLException {
        String url = schema();
        append(url, log, pageSize);
        return dump(url);
    }

    private static void append(String url, List<Event> log, int pageSize) throws SQLException {
        try (StationDb db = new StationDb(url)) {
            db.open();
            EventHead at = db.cursor("golden", "http://10.0.0.5:8080/").head();
            for (int i = 0; i < log.size(); i += pageSize) {
                List<Event> page = log.subList(i, Math.min(log.size(), i + pageSize));
                assertThat(db.append("golden", at, page)).isTrue();
                Event last = page.get(page.size() - 1);
                at = new EventHead(last.seq(), last.hash());
            }
        }
    }

    /** Every row of every station table as JSON (keys sorted by jsonb), in UTC, sorted; pulled_at left out. */
    private static String dump(String url, String... leaveOut) throws SQLException {
        String drop = String.join("", java.util.Arrays.stream(leaveOut).map(k -> " - '" + k + "'").toList());
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            for (String table : TABLES) {
                out.append(table).append('\n');
                try (ResultSet rs = s.executeQuery("SELECT (to_jsonb(t) - 'pulled_at'" + drop + ")::text AS r FROM " + table
                        + " t ORDER BY 1")) {
                    while (rs.next()) {
                        out.append(rs.getString("r")).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private String schema() {
        String url = Postgres.freshSchema();
        schemas.add(url);
        return url;
    }

    static List<Event> goldenLog() throws IOException {
        List<Event> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                StationGoldenTest.class.getResourceAsStream("/golden/busy-day-events.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = Json.MAPPER.readTree(line);
                out.add(new Event(n.get("seq").asLong(), n.get("id").asText(), n.get("type").asText(),
                        n.get("at").asText(), n.get("day").asText(), n.get("data").asText(),
                        n.get("prev_hash").asText(), n.get("hash").asText()));
            }
        }
        return out;
    }
}
