package org.hallqms.event;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hallqms.catalog.Catalog;

/**
 * One or more events of every type, each beside the map its version-1 producer built for it (same puts, same
 * conditions), so the codec can be held to the bytes Jackson wrote for that map.
 */
final class Samples {
    record Sample(HallEvent event, Object map) {
    }

    static final String ODD = "引号\"和\\反斜杠\n\t\u0001\u001f\u007f\u2028 😀 é";

    private Samples() {
    }

    static List<Sample> all() {
        List<Sample> out = new ArrayList<>();
        for (String officer : new String[] {"510001", null, ODD}) {
            out.add(issued(null, null));
            out.add(called(officer));
            out.add(new Sample(new TicketEvent.Recalled("t1", "A012", "id-card", "1", officer, 2),
                    counterData(officer, "recall", 2)));
            out.add(new Sample(new TicketEvent.Started("t1", "A012", "id-card", "1", officer), counterData(officer)));
            out.add(new Sample(new TicketEvent.NoShow("t1", "A012", "id-card", "1", officer, 3),
                    counterData(officer, "recalls", 3)));
            out.add(new Sample(new CounterEvent.Closed("1", officer, "end of day"),
                    map("counter", "1", "officer", officer, "reason", "end of day")));
            out.add(new Sample(new RatingEvent.Requested("s1", "eval-1", "t1", "A012", "id-card", "1", officer,
                    Outcome.INCOMPLETE, OffsetDateTime.parse("2026-11-27T10:00:30.120+08:00")),
                    session(officer, "outcome", "incomplete", "expiresAt", "2026-11-27T10:00:30.120+08:00")));
            out.add(new Sample(new RatingEvent.Recorded("s1", "eval-1", "t1", "A012", "id-card", "1", officer, 2,
                    List.of("slow", "attitude"), "m-1"),
                    session(officer, "level", 2, "reasons", List.of("slow", "attitude"), "message", "m-1")));
            out.add(new Sample(new RatingEvent.Recorded("s1", "eval-1", "t1", "A012", "id-card", "1", officer, 5,
                    List.of(), "m-2"), session(officer, "level", 5, "reasons", new ArrayList<>(), "message", "m-2")));
            out.add(new Sample(new RatingEvent.NotRated("s1", "eval-1", "t1", "A012", "id-card", "1", officer,
                    RatingEvent.NotRatedReason.SUPERSEDED), session(officer, "reason", "superseded")));
            out.add(new Sample(new DeviceEvent.StateChanged("win-1", DeviceEvent.Status.LOST, officer, officer),
                    map("device", "win-1", "state", "lost", "kind", officer, "fw", officer)));
            out.add(new Sample(new AlarmEvent.Cleared(7, AlarmEvent.Kind.COMPLAINT, null, null, officer),
                    map("alarm", 7L, "kind", "complaint", "by", officer)));
        }
        out.add(issued("AP-1234", TicketEvent.Arrival.ON_TIME));
        out.add(issued("AP-1234", TicketEvent.Arrival.LATE));
        out.add(finished(Outcome.DONE, List.of(), null));
        out.add(finished(Outcome.INCOMPLETE, List.of("身份证", ODD), "missing-material"));
        out.add(finished(Outcome.INCOMPLETE, List.of(), "policy"));
        out.add(transferred("certificate", null));
        out.add(transferred("id-card", "3"));
        Map<String, Object> expired = ticketData();
        expired.put("day", "2026-11-26");
        expired.put("from", "serving");
        out.add(new Sample(new TicketEvent.Expired("t1", "A012", "id-card", LocalDate.parse("2026-11-26"),
                TicketEvent.Unfinished.SERVING), expired));
        out.add(new Sample(new CounterEvent.Opened("1", "510001"), Map.of("counter", "1", "officer", "510001")));
        out.add(new Sample(new CounterEvent.Closed("2", "510001", "officer moved to counter 1"),
                Map.of("counter", "2", "officer", "510001", "reason", "officer moved to counter 1")));
        out.add(new Sample(new CounterEvent.Paused("1", "510001", "按键暂停"),
                Map.of("counter", "1", "officer", "510001", "reason", "按键暂停")));
        out.add(new Sample(new CounterEvent.Resumed("1", "510001"), Map.of("counter", "1", "officer", "510001")));
        out.add(new Sample(new CounterEvent.TakenOver("1", "510002", "510001", "t1"),
                map("counter", "1", "officer", "510002", "from", "510001", "ticket", "t1")));
        out.add(new Sample(new CounterEvent.TakenOver("1", "510002", "510001", null),
                map("counter", "1", "officer", "510002", "from", "510001")));
        out.add(new Sample(new AlarmEvent.Raised(1, AlarmEvent.Kind.WAIT_TARGET, "t1", "A012", "id-card", null, null,
                null, 30), map("alarm", 1L, "kind", "wait-target", "ticket", "t1", "number", "A012",
                "service", "id-card", "limitMinutes", 30)));
        out.add(new Sample(new AlarmEvent.Raised(2, AlarmEvent.Kind.SERVICE_LIMIT, "t1", "A012", "id-card", "1",
                "510001", null, 20), map("alarm", 2L, "kind", "service-limit", "ticket", "t1", "number", "A012",
                "service", "id-card", "counter", "1", "officer", "510001", "limitMinutes", 20)));
        out.add(new Sample(new AlarmEvent.Raised(3, AlarmEvent.Kind.COMPLAINT, null, null, null, null, null, "other",
                null), map("alarm", 3L, "kind", "complaint", "reason", "other")));
        out.add(new Sample(new AlarmEvent.Raised(4, AlarmEvent.Kind.DEVICE_MISUSE, null, null, null, "1", null,
                "win-1", null), map("alarm", 4L, "kind", "device-misuse", "counter", "1", "reason", "win-1")));
        out.add(new Sample(new AlarmEvent.Cleared(1, AlarmEvent.Kind.WAIT_TARGET, "t1", "A012", "called"),
                map("alarm", 1L, "kind", "wait-target", "ticket", "t1", "number", "A012", "by", "called")));
        for (AppointmentEvent.Source s : AppointmentEvent.Source.values()) {
            out.add(new Sample(new AppointmentEvent.Booked("AP-1", "id-card", LocalDate.parse("2026-11-28"), "09:00",
                    "09:30", s), slot("source", s.wire())));
            out.add(new Sample(new AppointmentEvent.Cancelled("AP-1", "id-card", LocalDate.parse("2026-11-28"),
                    "09:00", "09:30", s), slot("source", s.wire())));
        }
        out.add(new Sample(new AppointmentEvent.Missed("AP-1", "id-card", LocalDate.parse("2026-11-28"), "09:00",
                "09:30"), slot()));
        out.add(new Sample(new DeviceEvent.SecretSet("win-1"), map("device", "win-1")));
        Catalog cat = catalog();
        out.add(new Sample(new CatalogUpdated("file catalog.json", "ab12", cat),
                map("source", "file catalog.json", "digest", "ab12", "catalog", cat)));
        cases(out);
        return out;
    }

    /** Case events came after version 1 (issue 18): their maps are the contract's keys, absent ones left out. */
    private static void cases(List<Sample> out) {
        OffsetDateTime cb = OffsetDateTime.parse("2026-11-28T10:00:30.120+08:00");
        OffsetDateTime rs = OffsetDateTime.parse("2026-12-12T10:00+08:00");
        out.add(new Sample(new CaseEvent.Opened("C20261127-001", CaseEvent.Kind.BAD_RATING, "t1", "A012", "id-card", "1",
                "510001", 1, List.of("attitude", ODD), "s1", cb, rs), map("case", "C20261127-001", "kind", "bad-rating",
                "ticket", "t1", "number", "A012", "service", "id-card", "counter", "1", "officer", "510001", "level", 1,
                "reasons", List.of("attitude", ODD), "source", "s1", "callbackDue", "2026-11-28T10:00:30.120+08:00",
                "resolveDue", "2026-12-12T10:00+08:00")));
        out.add(new Sample(new CaseEvent.Opened("C20261127-002", CaseEvent.Kind.COMPLAINT, null, null, null, null, null,
                null, List.of(), "17", cb, rs), map("case", "C20261127-002", "kind", "complaint", "reasons", List.of(),
                "source", "17", "callbackDue", "2026-11-28T10:00:30.120+08:00", "resolveDue", "2026-12-12T10:00+08:00")));
        out.add(new Sample(new CaseEvent.CalledBack("C20261127-001", "station:" + ODD, ODD),
                map("case", "C20261127-001", "by", "station:" + ODD, "note", ODD)));
        out.add(new Sample(new CaseEvent.Resolved("C20261127-001", "admin", ODD, "内部"),
                map("case", "C20261127-001", "by", "admin", "reply", ODD, "note", "内部")));
        out.add(new Sample(new CaseEvent.Resolved("C20261127-001", "station", "已处理", null),
                map("case", "C20261127-001", "by", "station", "reply", "已处理")));
        out.add(new Sample(new CaseEvent.Dismissed("C20261127-002", "admin", "误按"),
                map("case", "C20261127-002", "by", "admin", "reason", "误按")));
        for (CaseEvent.Due d : CaseEvent.Due.values()) {
            out.add(new Sample(new CaseEvent.Overdue("C20261127-001", d), map("case", "C20261127-001", "due", d.wire())));
        }
    }

    static Catalog catalog() {
        Catalog.Names n = new Catalog.Names("身份证", "ID card");
        return new Catalog(1, new Catalog.Hall("某某派出所", null, "0571-1"),
                List.of(new Catalog.ServiceType("id-card", "A", n, List.of("户口簿"), 10, 30, 20, 0,
                        List.of(List.of("09:00", "12:00")), false)),
                List.of(new Catalog.CounterDef("1", "1号窗口", List.of())),
                List.of(new Catalog.Officer("510001", "张三", "officer")),
                List.of(new Catalog.Device("win-1", "window", "1")),
                List.of(new Catalog.Reason("slow", n)), Catalog.DEFAULT_INCOMPLETE_REASONS);
    }

    private static Sample issued(String appointment, TicketEvent.Arrival arrival) {
        Map<String, Object> m = ticketData();
        m.put("channel", appointment == null ? "kiosk" : "appointment");
        m.put("priority", appointment == null ? "normal" : "appointment");
        if (appointment != null) {
            m.put("appointment", appointment);
            m.put("arrival", arrival.wire());
        }
        return new Sample(new TicketEvent.Issued("t1", "A012", "id-card",
                appointment == null ? TicketEvent.Channel.KIOSK : TicketEvent.Channel.APPOINTMENT,
                appointment == null ? TicketEvent.Priority.NORMAL : TicketEvent.Priority.APPOINTMENT,
                appointment, arrival), m);
    }

    private static Sample called(String officer) {
        return new Sample(new TicketEvent.Called("t1", "A012", "id-card", "1", officer),
                counterData(officer, "recall", 0));
    }

    private static Sample finished(Outcome outcome, List<String> missing, String reason) {
        Map<String, Object> m = counterData("510001");
        m.put("outcome", outcome.wire());
        m.put("serviceSeconds", 86_400L);
        if (!missing.isEmpty()) {
            m.put("missing", missing);
        }
        if (reason != null) {
            m.put("reason", reason);
        }
        return new Sample(new TicketEvent.Finished("t1", "A012", "id-card", "1", "510001", outcome, 86_400, missing,
                reason), m);
    }

    private static Sample transferred(String toService, String toCounter) {
        Map<String, Object> m = counterData("510001");
        m.put("toService", toService);
        if (toCounter != null) {
            m.put("toCounter", toCounter);
        }
        return new Sample(new TicketEvent.Transferred("t1", "A012", "id-card", "1", "510001", toService, toCounter), m);
    }

    private static Map<String, Object> ticketData() {
        return map("ticket", "t1", "number", "A012", "service", "id-card");
    }

    private static Map<String, Object> counterData(String officer, Object... more) {
        Map<String, Object> m = ticketData();
        m.put("counter", "1");
        m.put("officer", officer);
        return with(m, more);
    }

    private static Map<String, Object> session(String officer, Object... more) {
        return with(map("session", "s1", "device", "eval-1", "ticket", "t1", "number", "A012", "service", "id-card",
                "counter", "1", "officer", officer), more);
    }

    private static Map<String, Object> slot(Object... more) {
        return with(map("code", "AP-1", "service", "id-card", "day", "2026-11-28", "from", "09:00", "to", "09:30"),
                more);
    }

    static Map<String, Object> map(Object... kv) {
        return with(new LinkedHashMap<>(), kv);
    }

    private static Map<String, Object> with(Map<String, Object> m, Object... kv) {
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
