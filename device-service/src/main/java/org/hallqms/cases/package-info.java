/**
 * Cases (件件有回音, issue 18): every 差评 rating (level 1 or 2) and every 办不成事 complaint is followed to its
 * answer. A case opens in the very transaction that logs the rating or the complaint's alarm (through the store's
 * append hook, so no producer can forget it), with a callback deadline and a resolve deadline from the
 * configuration; the admin or the station calls the citizen back, then resolves it with a reply the citizen sees
 * on the ticket's page, or dismisses it. A periodic sweep logs each missed deadline once and raises a
 * {@code case-overdue} alarm. Owns the table {@code cases}; knows nothing of HTTP.
 */
package org.hallqms.cases;
