package org.hallqms.event;

import java.util.List;
import org.hallqms.event.TicketEvent.Arrival;
import org.hallqms.event.TicketEvent.Called;
import org.hallqms.event.TicketEvent.Channel;
import org.hallqms.event.TicketEvent.Expired;
import org.hallqms.event.TicketEvent.Finished;
import org.hallqms.event.TicketEvent.Issued;
import org.hallqms.event.TicketEvent.NoShow;
import org.hallqms.event.TicketEvent.Priority;
import org.hallqms.event.TicketEvent.Recalled;
import org.hallqms.event.TicketEvent.Started;
import org.hallqms.event.TicketEvent.Transferred;
import org.hallqms.event.TicketEvent.Unfinished;

/** The JSON of ticket events; keys in sorted order, each written or left out as version 1 did. */
final class TicketCodec {
    private TicketCodec() {
    }

    static List<Kind<?>> kinds() {
        return List.of(
                new Kind<>(Issued.TYPE, Issued.class, (e, o) -> o
                        .strIf("appointment", e.appointment()).wireIf("arrival", e.arrival())
                        .wire("channel", e.channel()).str("number", e.number()).wire("priority", e.priority())
                        .str("service", e.service()).str("ticket", e.ticket()),
                        in -> new Issued(in.str("ticket"), in.str("number"), in.str("service"),
                                in.wire(Channel.class, "channel"), in.wire(Priority.class, "priority"),
                                in.str("appointment"), in.wire(Arrival.class, "arrival"))),
                new Kind<>(Called.TYPE, Called.class, (e, o) -> o
                        .str("counter", e.counter()).str("number", e.number()).str("officer", e.officer())
                        .num("recall", 0).str("service", e.service()).str("ticket", e.ticket()),
                        in -> new Called(in.str("ticket"), in.str("number"), in.str("service"), in.str("counter"),
                                in.str("officer"))),
                new Kind<>(Recalled.TYPE, Recalled.class, (e, o) -> o
                        .str("counter", e.counter()).str("number", e.number()).str("officer", e.officer())
                        .num("recall", e.recall()).str("service", e.service()).str("ticket", e.ticket()),
                        in -> new Recalled(in.str("ticket"), in.str("number"), in.str("service"), in.str("counter"),
                                in.str("officer"), in.integer("recall"))),
                new Kind<>(Started.TYPE, Started.class, (e, o) -> o
                        .str("counter", e.counter()).str("number", e.number()).str("officer", e.officer())
                        .str("service", e.service()).str("ticket", e.ticket()),
                        in -> new Started(in.str("ticket"), in.str("number"), in.str("service"), in.str("counter"),
                                in.str("officer"))),
                new Kind<>(Finished.TYPE, Finished.class, (e, o) -> o
                        .str("counter", e.counter()).listIf("missing", e.missing()).str("number", e.number())
                        .str("officer", e.officer()).wire("outcome", e.outcome()).strIf("reason", e.reason())
                        .str("service", e.service()).num("serviceSeconds", e.serviceSeconds())
                        .str("ticket", e.ticket()),
                        in -> new Finished(in.str("ticket"), in.str("number"), in.str("service"), in.str("counter"),
                                in.str("officer"), in.wire(Outcome.class, "outcome"), in.longValue("serviceSeconds"),
                                in.list("missing"), in.str("reason"))),
                new Kind<>(NoShow.TYPE, NoShow.class, (e, o) -> o
                        .str("counter", e.counter()).str("number", e.number()).str("officer", e.officer())
                        .num("recalls", e.recalls()).str("service", e.service()).str("ticket", e.ticket()),
                        in -> new NoShow(in.str("ticket"), in.str("number"), in.str("service"), in.str("counter"),
                                in.str("officer"), in.integer("recalls"))),
                new Kind<>(Transferred.TYPE, Transferred.class, (e, o) -> o
                        .str("counter", e.counter()).str("number", e.number()).str("officer", e.officer())
                        .str("service", e.service()).str("ticket", e.ticket()).strIf("toCounter", e.toCounter())
                        .str("toService", e.toService()),
                        in -> new Transferred(in.str("ticket"), in.str("number"), in.str("service"),
                                in.str("counter"), in.str("officer"), in.str("toService"), in.str("toCounter"))),
                new Kind<>(Expired.TYPE, Expired.class, (e, o) -> o
                        .str("day", e.day() == null ? null : e.day().toString()).wire("from", e.from())
                        .str("number", e.number()).str("service", e.service()).str("ticket", e.ticket()),
                        in -> new Expired(in.str("ticket"), in.str("number"), in.str("service"), in.date("day"),
                                in.wire(Unfinished.class, "from"))));
    }
}
