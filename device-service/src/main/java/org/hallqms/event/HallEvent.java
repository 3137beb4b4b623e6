package org.hallqms.event;

/**
 * One entry of the hall's event log, as a value. Each record carries its type string as {@code TYPE}, the only
 * place that string is spelled; {@link HallEvents} turns records into the log's JSON and back.
 */
public sealed interface HallEvent
        permits TicketEvent, CounterEvent, RatingEvent, AlarmEvent, AppointmentEvent, CatalogUpdated, DeviceEvent,
        CaseEvent {

    /** The log's {@code type} column, e.g. {@code ticket.called}. */
    String type();
}
