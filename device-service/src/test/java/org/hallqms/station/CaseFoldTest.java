package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hallqms.store.Event;
import org.hallqms.store.EventHead;
import org.hallqms.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** qms_cases from case events written as the cases contract has them, through the page store's own path. */
class CaseFoldTest {
    private String pg;
    private StationDb db;
    private final List<Event> log = new ArrayList<>();

    @BeforeEach
    void schema() throws Exception {
        Postgres.requireServer();
        pg = Postgres.freshSchema();
        db = new StationDb(pg);
        db.open();
    }

    @AfterEach
    void drop() {
        db.close();
        Postgres.dropSchema(pg);
    }

    private void event(String type, String at, String data) {
        long seq = log.size() + 1;
        log.add(new Event(seq, "e" + seq, type, at, at.substring(0, 10), data, "h" + (seq - 1), "h" + seq));
    }

    private void store(int from, int to) throws Exception {
        EventHead head = db.cursor("east", "http://east").head();
        assertThat(db.append("east", head, log.subList(from, to))).isTrue();
    }

    @Test
    void a_complaint_without_a_ticket_and_a_bad_rating_fold_to_their_latest_state_across_pages() throws Exception {
        event("case.opened", "2026-11-27T10:00:00+08:00", "{\"case\":\"C20261127-001\",\"kind\":\"complaint\","
                + "\"service\":\"id-card\",\"reasons\":[],\"source\":\"17\",\"callbackDue\":\"2026-11-28T10:00:00+08:00\","
                + "\"resolveDue\":\"2026-12-04T10:00:00+08:00\"}");
        event("case.opened", "2026-11-27T10:05:00+08:00", "{\"case\":\"C20261127-002\",\"kind\":\"bad-rating\","
                + "\"ticket\":\"t9\",\"number\":\"A009\",\"service\":\"id-card\",\"counter\":\"1\",\"officer\":\"510001\","
                + "\"level\":2,\"reasons\":[\"slow\",\"attitude\"],\"source\":\"s9\","
                + "\"callbackDue\":\"2026-11-28T10:05:00+08:00\",\"resolveDue\":\"2026-12-04T10:05:00+08:00\"}");
        // a case this station never saw opened (a table cleared by hand): kept raw, builds nothing
        event("case.resolved", "2026-11-27T10:06:00+08:00", "{\"case\":\"C20261126-009\",\"by\":\"admin\",\"reply\":\"好\"}");
        store(0, 3);
        event("case.called-back", "2026-11-27T11:00:00+08:00", "{\"case\":\"C20261127-002\",\"by\":\"station:张三\","
                + "\"note\":\"已回访\"}");
        event("case.overdue", "2026-11-28T10:01:00+08:00", "{\"case\":\"C20261127-001\",\"due\":\"callback\"}");
        event("case.resolved", "2026-11-28T12:00:00+08:00", "{\"case\":\"C20261127-002\",\"by\":\"admin\","
                + "\"reply\":\"已整改\"}");
        event("case.dismissed", "2026-11-28T12:30:00+08:00", "{\"case\":\"C20261127-001\",\"by\":\"admin\","
                + "\"reason\":\"重复投诉\"}");
        store(3, 7);

        assertThat(SyncPullTest.rows(pg, "SELECT concat_ws(' ', id, kind, coalesce(ticket, '-'), coalesce(level::text, '-'), "
                + "reasons::text, state, callback_overdue::text, coalesce(note, '-'), coalesce(reply, '-'), "
                + "coalesce(dismiss_reason, '-'), day, last_seq) FROM qms_cases ORDER BY id"))
                .containsExactly(
                        "C20261127-001 complaint - - [] dismissed true - - 重复投诉 2026-11-27 7",
                        "C20261127-002 bad-rating t9 2 [\"slow\", \"attitude\"] resolved false 已回访 已整改 - 2026-11-27 6");
        assertThat(SyncPullTest.rows(pg, "SELECT (called_back_at = '2026-11-27T11:00:00+08:00' AND closed_at = "
                + "'2026-11-28T12:00:00+08:00')::text FROM qms_cases WHERE id = 'C20261127-002'")).containsExactly("true");
        assertThat(SyncPullTest.single(pg, "SELECT count(*) FROM qms_events WHERE type LIKE 'case.%'")).isEqualTo(7);
    }
}
