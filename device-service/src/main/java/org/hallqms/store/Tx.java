package org.hallqms.store;

import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hallqms.event.HallEvent;
import org.hallqms.event.HallEvents;

/**
 * One operation's view of the write transaction: the connection, the clock, and the event log to append to.
 * Lives only inside {@link Store#write}.
 */
public final class Tx {
    private final Connection connection;
    private final Clock clock;
    private final ZoneId zone;
    private final Store store;
    private final LocalDate day;
    final List<Event> events = new ArrayList<>(2);
    // The record of each event in events, handed to the listeners after commit as it is (no re-read).
    final List<HallEvent> typed = new ArrayList<>(2);
    final List<Runnable> afterCommit = new ArrayList<>(1);

    Tx(Connection connection, Clock clock, ZoneId zone, Store store) {
        this.connection = connection;
        this.clock = clock;
        this.zone = zone;
        this.store = store;
        this.day = store.today();
    }

    /** The business day this operation belongs to (see {@link Store#today()}). */
    public LocalDate day() {
        return day;
    }

    public Connection connection() {
        return connection;
    }

    /** Wall-clock time in the hall's zone, to the millisecond; used for display and records, never for order. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Appends one event to the log in this transaction (and runs the store's append hooks on it); it is announced
     * only after commit.
     */
    public Event append(HallEvent event) {
        Event e = store.appendEvent(connection, UUID.randomUUID().toString(), event.type(), now().toString(),
                day.toString(), HallEvents.encode(event));
        events.add(e);
        typed.add(event);
        store.appended(this, event);
        return e;
    }

    /**
     * Runs {@code r} on the writer right after this operation's transaction commits, before its caller hears of
     * it; never when the operation or its batch rolls back. For what mirrors a table in memory; it must be quick.
     */
    public void afterCommit(Runnable r) {
        afterCommit.add(r);
    }
}
