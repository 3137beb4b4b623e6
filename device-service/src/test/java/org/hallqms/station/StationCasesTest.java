package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hallqms.station.StationView.CaseAction;
import org.hallqms.station.StationView.CaseActionRefused;
import org.hallqms.station.StationView.CaseRow;
import org.hallqms.station.StationView.HallSummary;
import org.hallqms.store.EventHead;
import org.hallqms.support.Postgres;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases opened at a real hall, seen at the station, answered from the station through the hall. */
class StationCasesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    Path dir;
    private String pg;
    private TestHall hall;
    private StationSide station;

    @BeforeEach
    void start() throws Exception {
        Postgres.requireServer();
        pg = Postgres.freshSchema();
        hall = TestHall.start(Files.createDirectories(dir.resolve("east")));
        station = StationSide.start(pg, Map.of("east", URI.create("http://127.0.0.1:" + hall.hall().httpPort())),
                Map.of("east", TestHall.SYNC), Map.of(), null, Duration.ofMillis(200), hall.clock);
    }

    @AfterEach
    void stop() {
        station.close();
        hall.close();
        Postgres.dropSchema(pg);
    }

    private StationView view() {
        return station.view();
    }

    private HallSummary east() {
        return view().halls(null).get(0);
    }

    private CaseRow stationCase(String id) {
        return view().cases(null, null).stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    @Test
    void a_bad_rating_at_the_hall_becomes_a_station_case_and_resolving_it_there_comes_back_through_the_feed() {
        StationHalls.morning(hall);

        await().atMost(WAIT).until(() -> stationCase("C20261127-001") != null);
        CaseRow opened = stationCase("C20261127-001");
        assertThat(opened.hall()).isEqualTo("east");
        assertThat(opened.kind()).isEqualTo("bad-rating");
        assertThat(opened.state()).isEqualTo("open");
        assertThat(opened.level()).isEqualTo(1);
        assertThat(opened.reasons()).containsExactly("attitude");
        assertThat(opened.officer()).isEqualTo("510001");
        assertThat(opened.counter()).isEqualTo("1");
        assertThat(opened.callbackDue()).isEqualTo(opened.openedAt().plusHours(24));
        assertThat(opened.overdue()).isFalse();
        assertThat(east().today().openCases()).isEqualTo(1);

        CaseRow answered = view().act("east", "C20261127-001", new CaseAction.Resolve("已核实并提醒窗口民警，感谢监督", "已整改"),
                "张三");

        assertThat(answered.state()).isEqualTo("resolved");
        assertThat(answered.reply()).isEqualTo("已核实并提醒窗口民警，感谢监督");
        assertThat(hall.events("case.resolved")).singleElement()
                .satisfies(e -> assertThat(e.path("by").asText()).isEqualTo("station:张三"));
        await().atMost(WAIT).until(() -> "resolved".equals(stationCase("C20261127-001").state()));
        CaseRow copy = stationCase("C20261127-001");
        assertThat(copy.reply()).isEqualTo("已核实并提醒窗口民警，感谢监督");
        assertThat(copy.note()).isEqualTo("已整改");
        assertThat(copy.closedAt()).isEqualTo(answered.closedAt());
        assertThat(view().cases("resolved", null)).extracting(CaseRow::id).containsExactly("C20261127-001");
        assertThat(view().cases("open", null)).isEmpty();
        assertThat(east().today().openCases()).isZero();
        // the station retrying after a timeout: the same answer, nothing logged again
        EventHead head = hall.head();
        assertThat(view().act("east", "C20261127-001", new CaseAction.Resolve("已核实并提醒窗口民警，感谢监督", "已整改"),
                "张三").state()).isEqualTo("resolved");
        assertThat(hall.head()).isEqualTo(head);
    }

    @Test
    void the_halls_refusals_reach_the_console_with_their_status_and_type_and_change_nothing() {
        StationHalls.badRating(hall, "one");
        await().atMost(WAIT).until(() -> stationCase("C20261127-001") != null);
        view().act("east", "C20261127-001", new CaseAction.Dismiss("重复评价"), "张三");
        EventHead head = hall.head();

        // a closed case called back
        assertRefused(() -> view().act("east", "C20261127-001", new CaseAction.Callback("已回访"), "张三"), 409,
                "urn:qms:problem:case-state");
        // a case the hall does not have
        assertRefused(() -> view().act("east", "C20261127-999", new CaseAction.Callback("已回访"), "张三"), 404,
                "urn:qms:problem:unknown-case");
        // an empty reply, and one holding an ID number
        StationHalls.badRating(hall, "two");
        assertRefused(() -> view().act("east", "C20261127-002", new CaseAction.Resolve("", null), "张三"), 422, null);
        assertRefused(() -> view().act("east", "C20261127-002", new CaseAction.Resolve("身份证110101199003074514已核实",
                null), "张三"), 422, null);
        assertThat(hall.events("case.resolved")).isEmpty();
        assertThat(hall.head().seq()).as("only the second rating and its case were logged").isGreaterThan(head.seq());
    }

    @Test
    void an_overdue_case_comes_first_and_is_counted_for_its_hall() throws Exception {
        StationHalls.badRating(hall, "one");
        hall.clock.advance(Duration.ofMinutes(30));
        StationHalls.badRating(hall, "two");
        view().act("east", "C20261127-001", new CaseAction.Callback("已电话回访"), "李四");
        // past the second case's callback due: the hall's sweep logs it overdue and raises its alarm
        hall.clock.advance(Duration.ofHours(25));
        hall.hall().checkNow();

        await().atMost(WAIT).until(() -> east().today().overdueCases() >= 1 && Long.valueOf(0).equals(east().lagEvents())
                && east().today().openAlarms() >= 1);
        List<CaseRow> cases = view().cases(null, null);
        assertThat(cases).extracting(c -> c.id() + " " + c.state() + " " + c.overdue())
                .containsExactly("C20261127-002 open true", "C20261127-001 called-back false");
        assertThat(east().today().openCases()).isEqualTo(2);
        assertThat(east().today().overdueCases()).isEqualTo(1);
        assertThat(SyncPullTest.single(pg, "SELECT count(*) FROM qms_cases WHERE callback_overdue")).isEqualTo(1);
        assertThat(view().report(java.time.LocalDate.of(2026, 11, 27), java.time.LocalDate.of(2026, 11, 27), null))
                .singleElement().satisfies(r -> {
                    assertThat(r.cases()).isEqualTo(2);
                    assertThat(r.casesAnsweredOnTime()).isEqualTo(1);
                });
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable act, int status, String type) {
        assertThatThrownBy(act).isInstanceOfSatisfying(CaseActionRefused.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            if (type != null) {
                assertThat(e.type()).isEqualTo(type);
            }
        });
    }
}
