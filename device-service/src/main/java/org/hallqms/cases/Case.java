package org.hallqms.cases;

import java.util.List;

/**
 * One case as the hall's routes answer it; absent values are null.
 *
 * @param overdue       still open past its callback deadline, or neither resolved nor dismissed past its resolve
 *                      deadline, by the hall's clock now
 * @param calledBackAt  when the citizen was called back
 * @param closedAt      when it was resolved or dismissed
 * @param reply         the answer for the citizen (resolved cases)
 * @param note          the latest internal note (callback, or resolve when one was given)
 */
public record Case(String id, String kind, String ticket, String number, String service, String counter,
                   String officer, Integer level, List<String> reasons, String openedAt, String callbackDue,
                   String resolveDue, String state, boolean overdue, String calledBackAt, String closedAt,
                   String reply, String note, String dismissReason) {
}
