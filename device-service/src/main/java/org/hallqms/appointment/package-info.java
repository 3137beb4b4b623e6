/**
 * Appointments (预约): the bookings the station pushes or the admin enters, their check-in window at the kiosk,
 * and the record of those never used. Owns the {@code appointments} table ({@code Bookings}); the daily cap the
 * bookings share with the tickets is {@link org.hallqms.ticket.ServicePolicy}'s. Holds no ID numbers and only
 * masked phone numbers.
 */
package org.hallqms.appointment;
