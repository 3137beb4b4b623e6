package org.hallqms.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A ticket as stored. Serialised as the API's ticket object; absent steps are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticket(String id, String number, String service, String originService, String day, String channel,
                     String priority, String state, String counter, String officer, String targetCounter,
                     int recalls, String issuedAt, String calledAt, String startedAt, String finishedAt,
                     String outcome, List<String> missing, @JsonIgnore long pos, @JsonIgnore int rank) {
}
