package org.hallqms.event;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.hallqms.store.Json;

/**
 * A rough micro-benchmark (not a test: run its main by hand) of the log write path per event: the old map built
 * as the producers built it and written by Jackson, against the record and the codec; and, for scale, the rest of
 * an append (event id, canonical text). Prints ns per event, best of 15 rounds of CPU time after warm-up.
 *
 * <pre>
 * cd device-service && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.hallqms.event.CodecBench
 * </pre>
 */
public final class CodecBench {
    private static volatile Object sink;

    private CodecBench() {
    }

    public static void main(String[] args) {
        int[] n = {0};
        bench("ticket.issued   map+Jackson", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ticket", "AAAAB3Xk2pQ9z" + (n[0]++ & 7));
            m.put("number", "A012");
            m.put("service", "id-card");
            m.put("channel", "kiosk");
            m.put("priority", "normal");
            return Json.write(m);
        });
        bench("ticket.issued   record+codec", () -> HallEvents.encode(new TicketEvent.Issued(
                "AAAAB3Xk2pQ9z" + (n[0]++ & 7), "A012", "id-card", TicketEvent.Channel.KIOSK,
                TicketEvent.Priority.NORMAL, null, null)));
        bench("ticket.called   map+Jackson", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ticket", "AAAAB3Xk2pQ9z" + (n[0]++ & 7));
            m.put("number", "A012");
            m.put("service", "id-card");
            m.put("counter", "1");
            m.put("officer", "510001");
            m.put("recall", 0);
            return Json.write(m);
        });
        bench("ticket.called   record+codec", () -> HallEvents.encode(new TicketEvent.Called(
                "AAAAB3Xk2pQ9z" + (n[0]++ & 7), "A012", "id-card", "1", "510001")));
        bench("ticket.finished map+Jackson", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ticket", "AAAAB3Xk2pQ9z" + (n[0]++ & 7));
            m.put("number", "A012");
            m.put("service", "id-card");
            m.put("counter", "1");
            m.put("officer", "510001");
            m.put("outcome", "incomplete");
            m.put("serviceSeconds", 312L);
            m.put("missing", List.of("户口簿"));
            m.put("reason", "missing-material");
            return Json.write(m);
        });
        bench("ticket.finished record+codec", () -> HallEvents.encode(new TicketEvent.Finished(
                "AAAAB3Xk2pQ9z" + (n[0]++ & 7), "A012", "id-card", "1", "510001", Outcome.INCOMPLETE, 312,
                List.of("户口簿"), "missing-material")));
        String called = HallEvents.encode(new TicketEvent.Called("AAAAB3Xk2pQ9z", "A012", "id-card", "1", "510001"));
        bench("ticket.called   decode (old-API listeners)", () -> HallEvents.decode("ticket.called", called));
        bench("ticket.called   Jackson readTree (today's listeners, each)", () -> {
            try {
                return Json.MAPPER.readTree(called);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        bench("append: UUID.randomUUID()", () -> UUID.randomUUID().toString());
        OffsetDateTime at = OffsetDateTime.parse("2026-11-27T10:00:00.123+08:00");
        bench("old Event.canonical (4 Json.write + concat)", () -> "{\"at\":" + Json.write(at.toString())
                + ",\"data\":" + called + ",\"day\":" + Json.write("2026-11-27") + ",\"id\":"
                + Json.write("3f1c8a2e-5b7d-4c1e-9a0f-2b6d8e4c7a19") + ",\"seq\":" + n[0]++ + ",\"type\":"
                + Json.write("ticket.called") + "}");
    }

    /**
     * Best of 15 rounds of this thread's CPU time (not wall time: the machine is shared, and a round that lost the
     * core would otherwise count), after a warm-up long enough for the JIT. The store's AppendBench uses it too.
     */
    public static void bench(String name, Supplier<Object> op) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 500_000; i++) {
            sink = op.get();
        }
        long best = Long.MAX_VALUE;
        int rounds = 100_000;
        for (int r = 0; r < 15; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < rounds; i++) {
                sink = op.get();
            }
            best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / rounds);
        }
        System.out.printf("%-58s %6d ns%n", name, best);
    }
}
