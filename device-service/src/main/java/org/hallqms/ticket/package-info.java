/**
 * Tickets (号票) and the queue; this package owns the {@code tickets} table (other packages read it through
 * {@link org.hallqms.ticket.TicketQueries}).
 * <ul>
 * <li>Born: {@link org.hallqms.ticket.Issuing} (kiosk, button, staff, check-in by appointment code) under the
 * {@link org.hallqms.ticket.ServicePolicy} (open hours, daily cap shared with the bookings); numbering per
 * service per business day, priority classes.</li>
 * <li>Called and served: {@link org.hallqms.ticket.CounterActions} carries out one
 * {@link org.hallqms.ticket.CounterCommand} (call, recall, start, finish, no-show, transfer, pause, resume)
 * from the console, a keypad or a GPIO button alike, by the moves each
 * {@link org.hallqms.ticket.TicketState} allows, with a fairness bound on priority runs.</li>
 * <li>The day roll: {@link org.hallqms.ticket.DayRoll} expires unfinished tickets and closes the counters.</li>
 * <li>Read: {@link org.hallqms.ticket.QueueViews}, {@link org.hallqms.ticket.Stats} and {@code Report}; the
 * waits promised to citizens by {@link org.hallqms.ticket.WaitEstimator}.</li>
 * </ul>
 * {@link org.hallqms.ticket.TicketEngine} wires these and is the door the adapters hold.
 */
package org.hallqms.ticket;
