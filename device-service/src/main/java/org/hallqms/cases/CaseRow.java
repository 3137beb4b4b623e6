package org.hallqms.cases;

import java.time.OffsetDateTime;
import java.util.List;
import org.hallqms.store.Json;

/** A row of {@code cases}, read by column name. */
record CaseRow(String id, String day, String kind, String source, String ticket, String number, String service,
               String counter, String officer, Integer level, String reasons, String openedAt, String callbackDue,
               String resolveDue, String state, String calledBackAt, String calledBackBy, String closedAt,
               String closedBy, String reply, String note, String dismissReason, boolean callbackOverdue,
               boolean resolveOverdue) {
    static final String OPEN = "open";
    static final String CALLED_BACK = "called-back";
    static final String RESOLVED = "resolved";
    static final String DISMISSED = "dismissed";
    static final List<String> STATES = List.of(OPEN, CALLED_BACK, RESOLVED, DISMISSED);

    boolean closed() {
        return state.equals(RESOLVED) || state.equals(DISMISSED);
    }

    boolean callbackLate(OffsetDateTime now) {
        return state.equals(OPEN) && now.isAfter(OffsetDateTime.parse(callbackDue));
    }

    boolean resolveLate(OffsetDateTime now) {
        return !closed() && now.isAfter(OffsetDateTime.parse(resolveDue));
    }

    Case view(OffsetDateTime now) {
        List<String> r;
        try {
            r = List.of(Json.MAPPER.readValue(reasons, String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            r = List.of();
        }
        return new Case(id, kind, ticket, number, service, counter, officer, level, r, openedAt, callbackDue,
                resolveDue, state, callbackLate(now) || resolveLate(now), calledBackAt, closedAt, reply, note,
                dismissReason);
    }
}
