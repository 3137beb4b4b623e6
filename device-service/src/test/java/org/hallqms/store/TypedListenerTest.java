package org.hallqms.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hallqms.event.CounterEvent;
import org.hallqms.event.DeviceEvent;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedListenerTest {
    @TempDir
    Path dir;

    @Test
    void listeners_get_the_appended_records_in_commit_order_only_after_commit_and_nothing_of_a_failed_write() {
        try (Store store = Store.open(dir, Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("UTC")),
                ZoneId.of("Asia/Shanghai"))) {
            List<Committed> got = new CopyOnWriteArrayList<>();
            List<Boolean> visibleWhenHeard = new CopyOnWriteArrayList<>();
            store.onCommitted(batch -> {
                for (Committed c : batch) {
                    visibleWhenHeard.add(store.read(conn -> {
                        try (PreparedStatement ps = conn.prepareStatement("SELECT data FROM events WHERE seq = ?")) {
                            ps.setLong(1, c.row().seq());
                            try (ResultSet rs = ps.executeQuery()) {
                                return rs.next() && rs.getString(1).equals(c.row().data());
                            }
                        }
                    }));
                }
                got.addAll(batch);
            });
            HallEvent opened = new CounterEvent.Opened("1", "510001");
            HallEvent secret = new DeviceEvent.SecretSet("win-1");
            store.write(tx -> {
                tx.append(opened);
                tx.append(new CounterEvent.Paused("1", "510001", "lunch"));
                return null;
            });
            assertThatThrownBy(() -> store.write(tx -> {
                tx.append(new CounterEvent.Opened("2", "510002"));
                throw new IllegalStateException("refused");
            })).hasMessage("refused");
            store.write(tx -> tx.append(secret));

            await().until(() -> got.size() >= 3);
            assertThat(got).hasSize(3);
            assertThat(got).extracting(c -> c.row().seq()).containsExactly(1L, 2L, 3L);
            assertThat(got.get(0).event()).isSameAs(opened);
            assertThat(got.get(1).event()).isEqualTo(new CounterEvent.Paused("1", "510001", "lunch"));
            assertThat(got.get(2).event()).isSameAs(secret);
            for (Committed c : got) {
                assertThat(c.row().type()).isEqualTo(c.event().type());
                assertThat(c.row().data()).isEqualTo(HallEvents.encode(c.event()));
            }
            assertThat(visibleWhenHeard).containsExactly(true, true, true);
            assertThat(store.firstBrokenSeq()).isEqualTo(-1);
        }
    }
}
