package org.hallqms.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hallqms.jdbc.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AheadEqualityTest {
    private static final String[] SERVICES = {"id-card", "household", "exit-entry"};
    private static final String[] COUNTERS = {"1", "2", "3", "4"};
    private static final Priority[] PRIORITIES = {Priority.NORMAL, Priority.NORMAL, Priority.NORMAL,
            Priority.APPOINTMENT, Priority.GREEN};

    @TempDir
    Path dir;

    @Test
    void people_ahead_is_the_same_as_the_two_count_query_over_random_days_of_issues_calls_and_transfers()
            throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hall.db"))) {
            Migrations.of("hall", "/db/hall", 6, Migrations.Versions.SQLITE_USER_VERSION).migrate(c);
            c.setAutoCommit(false); // one transaction: the counts see its own writes, and no fsync per move
            Random random = new Random(16);
            List<Ticket> tickets = new ArrayList<>();
            int[] numbers = new int[SERVICES.length * 3];
            int compared = 0;
            for (int step = 0; step < 3_000; step++) {
                String day = "2026-11-" + (27 + step / 1_000);
                int move = random.nextInt(10);
                if (move < 5 || tickets.isEmpty()) {
                    int s = random.nextInt(SERVICES.length);
                    int number = ++numbers[(step / 1_000) * SERVICES.length + s];
                    Ticket t = Ticket.builder().id("t" + step).number("A" + number).service(SERVICES[s])
                            .originService(SERVICES[s]).day(day).channel("kiosk")
                            .priority(PRIORITIES[random.nextInt(PRIORITIES.length)]).state(TicketState.WAITING)
                            .issuedAt("2026-11-27T09:00:00+08:00").build();
                    long pos = Tickets.insert(c, t, number, null, null);
                    tickets.add(t.toBuilder().pos(pos).build());
                } else {
                    Ticket t = tickets.get(random.nextInt(tickets.size()));
                    String counter = COUNTERS[random.nextInt(COUNTERS.length)];
                    switch (move) {
                        case 5, 6 -> Tickets.called(c, t.id(), counter, "510001", "now", 1);
                        case 7 -> Tickets.transferred(c, t.id(), SERVICES[random.nextInt(SERVICES.length)],
                                random.nextBoolean() ? counter : null);
                        case 8 -> Tickets.noShow(c, t.id(), "now");
                        default -> Tickets.expired(c, t.id());
                    }
                }
                for (int probe = 0; probe < 5; probe++) {
                    Ticket t = tickets.get(random.nextInt(tickets.size()));
                    Ticket now = Tickets.byId(c, t.id()).orElseThrow();
                    String service = SERVICES[random.nextInt(SERVICES.length)];
                    for (String s : new String[] {now.service(), service}) {
                        for (int rank = 0; rank <= 2; rank++) {
                            for (long pos : new long[] {now.pos(), now.pos() + 1, Long.MAX_VALUE, 0}) {
                                assertThat(Tickets.ahead(c, now.day(), s, rank, pos))
                                        .as("%s %s rank %d pos %d", now.day(), s, rank, pos)
                                        .isEqualTo(AheadOld.ahead(c, now.day(), s, rank, pos));
                                compared++;
                            }
                        }
                    }
                }
            }
            assertThat(compared).isGreaterThan(100_000);
            assertThat(Tickets.ahead(c, "2026-11-28", "id-card", 0, Long.MAX_VALUE)).isPositive();
        }
    }
}
