/**
 * Appointments (预约): the bookings the station pushes or the admin enters, their check-in window at the kiosk,
 * and the record of those never used. Holds no ID numbers and only masked phone numbers.
 */
package org.hallqms.appointment;
