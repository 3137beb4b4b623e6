package org.hallqms.display;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.hallqms.catalog.Catalog;
import org.hallqms.event.TicketEvent;
import org.hallqms.store.Event;
import org.hallqms.store.LoggedEvents;

/** What a call says (请A012号到3号窗口办理), where its sentence is heard, and the calls in the log after a point. */
public final class Calls {
    private Calls() {
    }

    /** The Mandarin announcement: 请A012号到3号窗口办理; a recall says it is one. */
    public static String speech(String number, String counterName, int recall) {
        String text = "请" + number + "号到" + counterName + "办理";
        return recall > 0 ? "再次呼叫，" + text : text;
    }

    /** Where a board fetches the call's sentence as one WAV (design §10). */
    public static String audioPath(String callId) {
        return "/api/v1/calls/" + callId + "/audio.wav";
    }

    /** A counter as a call names it: its catalogue name when that ends in 窗口, else "3号窗口". */
    public static String counterName(Catalog cat, String counter) {
        String name = cat.counter(counter).map(Catalog.CounterDef::name).orElse(counter);
        return name.endsWith("窗口") ? name : counter + "号窗口";
    }

    /** The calls and recalls logged after {@code after}, in order, at most 200: the calls outbox, and a board's replay. */
    public static List<Event> logged(Connection c, long after) throws SQLException {
        return LoggedEvents.after(c, after, 200, TicketEvent.Called.TYPE, TicketEvent.Recalled.TYPE);
    }
}
