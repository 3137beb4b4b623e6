/**
 * Counters (窗口): officer sessions with PIN and lockout (per police number and address, kept in SQLite),
 * explicit takeover of an occupied window, open / paused / closed state, and the counter
 * row that says which ticket a window is handling. The ticket engine calls in here inside its transactions.
 */
package org.hallqms.counter;
