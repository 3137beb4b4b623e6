package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventChainTest {
    @TempDir
    Path dir;

    @Test
    void each_event_hash_covers_the_previous_hash_and_the_canonical_event() {
        try (TestHall hall = TestHall.start(dir)) {
            hall.issue("id-card", "a");
            hall.issue("id-card", "b");
            Event last = hall.hall().store().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery(
                        "SELECT seq, id, type, at, day, data, prev_hash, hash FROM events ORDER BY seq DESC LIMIT 1")) {
                    return Store.readEvent(rs);
                }
            });
            assertThat(last.hash()).isEqualTo(Event.chain(last.prevHash(),
                    Event.canonical(last.seq(), last.id(), last.type(), last.at(), last.day(), last.data())));
            assertThat(Event.canonical(7, "e", "ticket.issued", "2026-11-27T10:00+08:00", "2026-11-27", "{\"a\":1}"))
                    .isEqualTo("{\"at\":\"2026-11-27T10:00+08:00\",\"data\":{\"a\":1},\"day\":\"2026-11-27\","
                            + "\"id\":\"e\",\"seq\":7,\"type\":\"ticket.issued\"}");
            assertThat(hall.hall().store().firstBrokenSeq()).isEqualTo(-1);
        }
    }

    @Test
    void an_event_altered_in_the_file_is_found_by_its_seq() throws Exception {
        Path data;
        try (TestHall hall = TestHall.start(dir)) {
            for (int i = 0; i < 5; i++) {
                hall.issue("id-card", "r" + i);
            }
            data = dir.resolve("data");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("qms.db"))) {
            c.createStatement().executeUpdate("UPDATE events SET data = replace(data, 'A003', 'A009') WHERE seq = 4");
        }
        try (Store store = Store.open(data, java.time.Clock.systemUTC(), java.time.ZoneId.of("Asia/Shanghai"))) {
            assertThat(store.firstBrokenSeq()).isEqualTo(4);
        }
    }
}
