package org.hallqms.ticket;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A ticket as stored. Serialised as the API's ticket object; absent steps are left out. The components keep
 * the API's field order; build one with {@link #builder()} (names, not positions), or a changed copy with
 * {@link #toBuilder()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticket(String id, String number, String service, String originService, String day, String channel,
                     String priority, String state, String counter, String officer, String targetCounter,
                     int recalls, String issuedAt, String calledAt, String startedAt, String finishedAt,
                     String outcome, List<String> missing, @JsonIgnore long pos, @JsonIgnore int rank) {

    /** The state as a type; {@link #state()} is its wire value, as the API and the table hold it. */
    @JsonIgnore
    public TicketState ticketState() {
        return TicketState.of(state);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().id(id).number(number).service(service).originService(originService).day(day)
                .channel(channel).priority(priority).state(state).counter(counter).officer(officer)
                .targetCounter(targetCounter).recalls(recalls).issuedAt(issuedAt).calledAt(calledAt)
                .startedAt(startedAt).finishedAt(finishedAt).outcome(outcome).missing(missing).pos(pos).rank(rank);
    }

    /** Fields by name; what is not set stays null (0 for the counts). */
    public static final class Builder {
        private String id;
        private String number;
        private String service;
        private String originService;
        private String day;
        private String channel;
        private String priority;
        private String state;
        private String counter;
        private String officer;
        private String targetCounter;
        private int recalls;
        private String issuedAt;
        private String calledAt;
        private String startedAt;
        private String finishedAt;
        private String outcome;
        private List<String> missing;
        private long pos;
        private int rank;

        private Builder() {
        }

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder number(String v) {
            number = v;
            return this;
        }

        public Builder service(String v) {
            service = v;
            return this;
        }

        public Builder originService(String v) {
            originService = v;
            return this;
        }

        public Builder day(String v) {
            day = v;
            return this;
        }

        public Builder channel(String v) {
            channel = v;
            return this;
        }

        public Builder priority(String v) {
            priority = v;
            return this;
        }

        public Builder priority(Priority p) {
            priority = p.wire();
            rank = p.rank();
            return this;
        }

        public Builder state(String v) {
            state = v;
            return this;
        }

        public Builder state(TicketState v) {
            state = v.wire();
            return this;
        }

        public Builder counter(String v) {
            counter = v;
            return this;
        }

        public Builder officer(String v) {
            officer = v;
            return this;
        }

        public Builder targetCounter(String v) {
            targetCounter = v;
            return this;
        }

        public Builder recalls(int v) {
            recalls = v;
            return this;
        }

        public Builder issuedAt(String v) {
            issuedAt = v;
            return this;
        }

        public Builder calledAt(String v) {
            calledAt = v;
            return this;
        }

        public Builder startedAt(String v) {
            startedAt = v;
            return this;
        }

        public Builder finishedAt(String v) {
            finishedAt = v;
            return this;
        }

        public Builder outcome(String v) {
            outcome = v;
            return this;
        }

        public Builder missing(List<String> v) {
            missing = v;
            return this;
        }

        public Builder pos(long v) {
            pos = v;
            return this;
        }

        public Builder rank(int v) {
            rank = v;
            return this;
        }

        public Ticket build() {
            return new Ticket(id, number, service, originService, day, channel, priority, state, counter, officer,
                    targetCounter, recalls, issuedAt, calledAt, startedAt, finishedAt, outcome, missing, pos, rank);
        }
    }
}
