package org.hallqms.event;

import java.time.OffsetDateTime;
import java.util.List;
import org.hallqms.event.CaseEvent.CalledBack;
import org.hallqms.event.CaseEvent.Dismissed;
import org.hallqms.event.CaseEvent.Due;
import org.hallqms.event.CaseEvent.Opened;
import org.hallqms.event.CaseEvent.Overdue;
import org.hallqms.event.CaseEvent.Resolved;

/** The JSON of case events (added in issue 18); keys sorted like every other event's. */
final class CaseCodec {
    private CaseCodec() {
    }

    static List<Kind<?>> kinds() {
        return List.of(
                new Kind<>(Opened.TYPE, Opened.class, (e, o) -> o
                        .str("callbackDue", time(e.callbackDue())).str("case", e.id()).strIf("counter", e.counter())
                        .wire("kind", e.kind()).numIf("level", e.level()).strIf("number", e.number())
                        .strIf("officer", e.officer()).list("reasons", e.reasons())
                        .str("resolveDue", time(e.resolveDue())).strIf("service", e.service())
                        .str("source", e.source()).strIf("ticket", e.ticket()),
                        in -> new Opened(in.str("case"), in.wire(CaseEvent.Kind.class, "kind"), in.str("ticket"),
                                in.str("number"), in.str("service"), in.str("counter"), in.str("officer"),
                                in.optInt("level"), in.list("reasons"), in.str("source"), in.time("callbackDue"),
                                in.time("resolveDue"))),
                new Kind<>(CalledBack.TYPE, CalledBack.class, (e, o) -> o
                        .str("by", e.by()).str("case", e.id()).str("note", e.note()),
                        in -> new CalledBack(in.str("case"), in.str("by"), in.str("note"))),
                new Kind<>(Resolved.TYPE, Resolved.class, (e, o) -> o
                        .str("by", e.by()).str("case", e.id()).strIf("note", e.note()).str("reply", e.reply()),
                        in -> new Resolved(in.str("case"), in.str("by"), in.str("reply"), in.str("note"))),
                new Kind<>(Dismissed.TYPE, Dismissed.class, (e, o) -> o
                        .str("by", e.by()).str("case", e.id()).str("reason", e.reason()),
                        in -> new Dismissed(in.str("case"), in.str("by"), in.str("reason"))),
                new Kind<>(Overdue.TYPE, Overdue.class, (e, o) -> o
                        .str("case", e.id()).wire("due", e.due()),
                        in -> new Overdue(in.str("case"), in.wire(Due.class, "due"))));
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }
}
