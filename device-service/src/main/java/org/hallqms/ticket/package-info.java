/**
 * Tickets (号票) and the queue: numbering per service per business day, open hours and daily caps, priority
 * classes with a fairness bound, the call / recall / start / finish / no-show / transfer cycle at a counter,
 * end-of-day expiry, and the waiting estimates shown to citizens.
 */
package org.hallqms.ticket;
