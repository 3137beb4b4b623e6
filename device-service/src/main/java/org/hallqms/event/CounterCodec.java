package org.hallqms.event;

import java.util.List;
import org.hallqms.event.CounterEvent.Closed;
import org.hallqms.event.CounterEvent.Opened;
import org.hallqms.event.CounterEvent.Paused;
import org.hallqms.event.CounterEvent.Resumed;
import org.hallqms.event.CounterEvent.TakenOver;
import org.hallqms.event.RatingEvent.NotRated;
import org.hallqms.event.RatingEvent.NotRatedReason;
import org.hallqms.event.RatingEvent.Recorded;
import org.hallqms.event.RatingEvent.Requested;

/** The JSON of counter and rating events; keys in sorted order, each written or left out as version 1 did. */
final class CounterCodec {
    private CounterCodec() {
    }

    static List<Kind<?>> kinds() {
        return List.of(
                new Kind<>(Opened.TYPE, Opened.class, (e, o) -> o
                        .str("counter", e.counter()).str("officer", e.officer()),
                        in -> new Opened(in.str("counter"), in.str("officer"))),
                new Kind<>(Closed.TYPE, Closed.class, (e, o) -> o
                        .str("counter", e.counter()).str("officer", e.officer()).str("reason", e.reason()),
                        in -> new Closed(in.str("counter"), in.str("officer"), in.str("reason"))),
                new Kind<>(Paused.TYPE, Paused.class, (e, o) -> o
                        .str("counter", e.counter()).str("officer", e.officer()).str("reason", e.reason()),
                        in -> new Paused(in.str("counter"), in.str("officer"), in.str("reason"))),
                new Kind<>(Resumed.TYPE, Resumed.class, (e, o) -> o
                        .str("counter", e.counter()).str("officer", e.officer()),
                        in -> new Resumed(in.str("counter"), in.str("officer"))),
                new Kind<>(TakenOver.TYPE, TakenOver.class, (e, o) -> o
                        .str("counter", e.counter()).str("from", e.from()).str("officer", e.officer())
                        .strIf("ticket", e.ticket()),
                        in -> new TakenOver(in.str("counter"), in.str("officer"), in.str("from"), in.str("ticket"))),
                new Kind<>(Requested.TYPE, Requested.class, (e, o) -> o
                        .str("counter", e.counter()).str("device", e.device())
                        .str("expiresAt", e.expiresAt() == null ? null : e.expiresAt().toString())
                        .str("number", e.number()).str("officer", e.officer()).wire("outcome", e.outcome())
                        .str("service", e.service()).str("session", e.session()).str("ticket", e.ticket()),
                        in -> new Requested(in.str("session"), in.str("device"), in.str("ticket"), in.str("number"),
                                in.str("service"), in.str("counter"), in.str("officer"),
                                in.wire(Outcome.class, "outcome"), in.time("expiresAt"))),
                new Kind<>(Recorded.TYPE, Recorded.class, (e, o) -> o
                        .str("counter", e.counter()).str("device", e.device()).num("level", e.level())
                        .str("message", e.message()).str("number", e.number()).str("officer", e.officer())
                        .list("reasons", e.reasons()).str("service", e.service()).str("session", e.session())
                        .str("ticket", e.ticket()),
                        in -> new Recorded(in.str("session"), in.str("device"), in.str("ticket"), in.str("number"),
                                in.str("service"), in.str("counter"), in.str("officer"), in.integer("level"),
                                in.list("reasons"), in.str("message"))),
                new Kind<>(NotRated.TYPE, NotRated.class, (e, o) -> o
                        .str("counter", e.counter()).str("device", e.device()).str("number", e.number())
                        .str("officer", e.officer()).wire("reason", e.reason()).str("service", e.service())
                        .str("session", e.session()).str("ticket", e.ticket()),
                        in -> new NotRated(in.str("session"), in.str("device"), in.str("ticket"), in.str("number"),
                                in.str("service"), in.str("counter"), in.str("officer"),
                                in.wire(NotRatedReason.class, "reason"))));
    }
}
