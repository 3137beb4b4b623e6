package org.hallqms.station;

import java.time.Duration;
import java.util.List;
import org.hallqms.rating.Rate;
import org.hallqms.rating.RatingService;
import org.hallqms.support.TestHall;
import org.hallqms.ticket.CounterCommand;
import org.hallqms.ticket.TicketEngine;

/** A hall's morning as the station tests need it, through the engine's own calls. */
final class StationHalls {
    private StationHalls() {
    }

    static void issue(TestHall hall, int n, String prefix) {
        for (int i = 0; i < n; i++) {
            hall.hall().engine().issue(new TicketEngine.IssueRequest("id-card", prefix + "-" + i, "kiosk", null));
        }
    }

    /**
     * Four tickets at window 1: two served and rated 5 and 1 ("attitude"), one no-show, one still waiting; waits
     * of 10, 20 and 20 minutes.
     */
    static void morning(TestHall hall) {
        issue(hall, 4, "morning");
        String tok = hall.login("1", "510001");
        hall.clock.advance(Duration.ofMinutes(10));
        serve(hall, tok, 5);
        hall.clock.advance(Duration.ofMinutes(10));
        serve(hall, tok, 1);
        apply(hall, tok, new CounterCommand.Next());
        apply(hall, tok, new CounterCommand.NoShow());
    }

    /** One more ticket served at window 1 and rated 1 ("slow"): a case at the hall. */
    static void badRating(TestHall hall, String request) {
        issue(hall, 1, request);
        serve(hall, hall.login("1", "510001"), 1);
    }

    private static void serve(TestHall hall, String tok, int level) {
        apply(hall, tok, new CounterCommand.Next());
        apply(hall, tok, new CounterCommand.Start());
        apply(hall, tok, CounterCommand.Finish.done());
        RatingService ratings = hall.hall().ratings();
        String session = ratings.openSessions().stream().filter(s -> s.device().equals("eval-1")).findFirst()
                .orElseThrow().id();
        ratings.rate(new Rate("eval-1", session, level, level <= 2 ? List.of("attitude") : List.of(),
                "m-" + session), tx -> { });
    }

    private static void apply(TestHall hall, String tok, CounterCommand cmd) {
        hall.hall().engine().counters().apply("1", new CounterCommand.Console(tok), cmd, null);
    }
}
