package org.hallqms.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hallqms.event.CodecBench;
import org.hallqms.event.HallEvents;
import org.hallqms.event.TicketEvent;

/**
 * A rough micro-benchmark (not a test: run its main by hand, see CodecBench) of what an append costs on the
 * writer thread besides SQLite: event id, time, data, canonical text, hash. Prints ns per event, best of 15 rounds of CPU time.
 */
public final class AppendBench {

    private AppendBench() {
    }

    public static void main(String[] args) {
        long[] seq = {1};
        Clock clock = Clock.systemUTC();
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        String data = HallEvents.encode(new TicketEvent.Called("AAAAB3Xk2pQ9z", "A012", "id-card", "1", "510001"));
        String at = "2026-11-27T10:00:00.123+08:00";
        String id = "3f1c8a2e-5b7d-4c1e-9a0f-2b6d8e4c7a19";
        CodecBench.bench("UUID.randomUUID().toString()", () -> UUID.randomUUID().toString());
        CodecBench.bench("OffsetDateTime.now(zone).truncatedTo(ms).toString()",
                () -> OffsetDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.MILLIS).toString());
        CodecBench.bench("Event.canonical", () -> Event.canonical(seq[0]++, id, "ticket.called", at, "2026-11-27", data));
        String canonical = Event.canonical(7, id, "ticket.called", at, "2026-11-27", data);
        CodecBench.bench("Event.chain (SHA-256 + hex)", () -> Event.chain(Event.GENESIS, canonical));
        CodecBench.bench("record + encode + id + time + canonical + chain", () -> {
            String d = HallEvents.encode(new TicketEvent.Called("AAAAB3Xk2pQ9z", "A012", "id-card", "1", "510001"));
            String t = OffsetDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.MILLIS).toString();
            String c = Event.canonical(seq[0]++, UUID.randomUUID().toString(), "ticket.called", t, "2026-11-27", d);
            return Event.chain(Event.GENESIS, c);
        });
    }
}
