package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hallqms.Problem;
import org.hallqms.QmsException;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people-ahead figure on a ticket and its status page comes from the in-memory line; it must always be what
 * counting the tickets table says, whatever moves and refusals went before.
 */
class WaitingLineTest {
    private static final String[] SERVICES = {"id-card", "household", "certificate", "green"};
    private static final String[][] WINDOWS = {{"1", "510001"}, {"2", "510002"}, {"3", "510003"}};

    @TempDir
    Path dir;
    TestHall hall;

    @AfterEach
    void stop() {
        if (hall != null) {
            hall.close();
        }
    }

    @Test
    void people_ahead_matches_the_tickets_table_through_issues_calls_transfers_no_shows_refusals_and_a_new_day()
            throws Exception {
        hall = TestHall.start(dir);
        TicketEngine eng = hall.hall().engine();
        Map<String, String> tokens = new ConcurrentHashMap<>();
        for (String[] w : WINDOWS) {
            tokens.put(w[0], hall.login(w[0], w[1]));
        }
        Random random = new Random(16);
        ExecutorService kiosks = Executors.newFixedThreadPool(4);
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        int compared = 0;
        try {
            for (int round = 0; round < 40; round++) {
                if (round == 20) {
                    // a new business day: yesterday's line is let go, today's starts empty
                    hall.clock.advance(Duration.ofDays(1));
                    eng.rollDay();
                    for (String[] w : WINDOWS) {
                        tokens.put(w[0], hall.login(w[0], w[1]));
                    }
                }
                // several kiosks at once, so that issues share the writer's batches
                int r = round;
                List<Future<?>> issued = new java.util.ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    int kiosk = k;
                    issued.add(kiosks.submit(() -> {
                        for (int i = 0; i < 3; i++) {
                            String service = SERVICES[(kiosk + i + r) % SERVICES.length];
                            ids.add(eng.issue(new TicketEngine.IssueRequest(service, "r" + r + "-" + kiosk + "-" + i,
                                    "kiosk", null)).ticket().id());
                        }
                    }));
                }
                for (Future<?> f : issued) {
                    f.get();
                }
                for (String[] w : WINDOWS) {
                    move(eng, w[0], tokens.get(w[0]), random);
                }
                compared += compare(eng, ids);
            }
        } finally {
            kiosks.shutdownNow();
        }
        assertThat(compared).as("waiting tickets compared").isGreaterThan(500);
    }

    @Test
    void a_line_loaded_after_a_restart_while_kiosks_keep_issuing_holds_every_waiting_ticket() throws Exception {
        hall = TestHall.start(dir);
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(hall.hall().engine().issue(new TicketEngine.IssueRequest(SERVICES[i % SERVICES.length], "before-" + i,
                    "kiosk", null)).ticket().id());
        }
        // the restarted service holds no line yet: the first presses load it while the others commit
        hall.restart();
        TicketEngine eng = hall.hall().engine();
        ExecutorService kiosks = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> issued = new java.util.ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int kiosk = k;
                issued.add(kiosks.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        ids.add(eng.issue(new TicketEngine.IssueRequest(SERVICES[(kiosk + i) % SERVICES.length],
                                "after-" + kiosk + "-" + i, "kiosk", null)).ticket().id());
                    }
                }));
            }
            for (Future<?> f : issued) {
                f.get();
            }
        } finally {
            kiosks.shutdownNow();
        }
        assertThat(compare(eng, ids)).as("waiting tickets compared").isEqualTo(160);
    }

    /** A window calls the next ticket and then finishes it, misses it, or sends it elsewhere (or is refused). */
    private static void move(TicketEngine eng, String window, String token, Random random) {
        CounterCommand.Console by = new CounterCommand.Console(token);
        try {
            eng.counters().apply(window, by, new CounterCommand.Next(), null);
        } catch (QmsException e) {
            assertThat(e.problem()).isEqualTo(Problem.QUEUE_EMPTY);
            return;
        }
        int what = random.nextInt(6);
        CounterCommand next = switch (what) {
            case 0 -> new CounterCommand.NoShow();
            case 1 -> new CounterCommand.Transfer(SERVICES[random.nextInt(SERVICES.length)], null);
            case 2 -> new CounterCommand.Transfer(null, WINDOWS[(Integer.parseInt(window) + random.nextInt(2)) % WINDOWS.length][0]);
            default -> new CounterCommand.Finish("done", null, null, null);
        };
        if (what == 1) {
            // refused first (no such service): rolled back, so the line must not move either
            assertThatThrownBy(() -> eng.counters().apply(window, by, new CounterCommand.Transfer("no-such", null), null))
                    .isInstanceOf(QmsException.class);
        }
        eng.counters().apply(window, by, next, null);
    }

    private int compare(TicketEngine eng, List<String> ids) {
        int n = 0;
        for (String id : ids) {
            TicketEngine.Status s = eng.status(id).orElseThrow();
            Ticket t = s.ticket();
            if (t.ticketState() != TicketState.WAITING) {
                assertThat(s.ahead()).isZero();
                continue;
            }
            int counted = hall.hall().store().read(c -> Tickets.ahead(c, t.day(), t.service(), t.rank(), t.pos()));
            assertThat(s.ahead()).as("people ahead of %s (%s, %s)", t.number(), t.service(), t.day()).isEqualTo(counted);
            n++;
        }
        return n;
    }
}
