/**
 * Alarms for the duty officer: a waiting ticket past its service's waiting target, a ticket at a window past
 * the service's time limit (办事时限), a citizen's "办不成事" complaint from the kiosk, a device misusing the broker,
 * and a case past its deadline (raised by the cases package's sweep in its own transaction). Raised and cleared
 * as logged events; the active list is what {@code qms/{station}/alarms} carries.
 */
package org.hallqms.alarm;
