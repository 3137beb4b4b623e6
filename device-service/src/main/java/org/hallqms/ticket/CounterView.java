package org.hallqms.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a counter console shows after any action: the counter's state, its current ticket, how many wait for
 * it, and on an incomplete finish the 告知单 to hand over.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CounterView(String counter, String name, String state, String reason, String officer,
                          String officerName, Ticket ticket, int waiting, Notice notice) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * 一次性告知单: everything missing, told once, with the time limit and who to call.
     *
     * @param reason     the 办不成事 reason code; {@code reasonName} its words, null for missing materials (the list says it)
     */
    public record Notice(String hall, String ticket, String service, List<String> missing, String reason,
                         String reasonName, int timeLimitMinutes, String counter, String contact, String note) {
    }
}
