package org.hallqms.ticket;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hallqms.Problem;
import org.hallqms.QmsException;

/**
 * Where a ticket is in its life, and the moves each state allows. The wire value is what the {@code tickets}
 * table, the API and the events hold ({@code no_show} with an underscore).
 */
public enum TicketState {
    WAITING("waiting"), CALLED("called"), SERVING("serving"), DONE("done"), INCOMPLETE("incomplete"),
    NO_SHOW("no_show"), EXPIRED("expired"), CANCELLED("cancelled");

    /** What a counter or the day roll does to a ticket; {@code verb} as the refusal says it. */
    public enum Move {
        CALL("call"), RECALL("recall"), START("start"), FINISH("finish"), NO_SHOW("mark as no-show"),
        TRANSFER("transfer"), EXPIRE("expire");

        private final String verb;

        Move(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    private static final Map<TicketState, Set<Move>> ALLOWED = Map.of(
            WAITING, EnumSet.of(Move.CALL, Move.EXPIRE),
            // a no-show who came back is called again by number
            NO_SHOW, EnumSet.of(Move.CALL),
            CALLED, EnumSet.of(Move.RECALL, Move.START, Move.FINISH, Move.NO_SHOW, Move.TRANSFER, Move.EXPIRE),
            SERVING, EnumSet.of(Move.FINISH, Move.TRANSFER, Move.EXPIRE));

    private final String wire;

    TicketState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean allows(Move m) {
        return ALLOWED.getOrDefault(this, Set.of()).contains(m);
    }

    /** Still in the queue or at a counter: the day roll expires these, a catalogue change must keep their service. */
    public boolean active() {
        return this == WAITING || this == CALLED || this == SERVING;
    }

    public static TicketState of(String wire) {
        return switch (wire) {
            case "waiting" -> WAITING;
            case "called" -> CALLED;
            case "serving" -> SERVING;
            case "done" -> DONE;
            case "incomplete" -> INCOMPLETE;
            case "no_show" -> NO_SHOW;
            case "expired" -> EXPIRED;
            case "cancelled" -> CANCELLED;
            default -> throw new IllegalArgumentException("no ticket state '" + wire + "'");
        };
    }

    /** Refuses {@code m} unless this state allows it: "cannot start A012: it is no-show". */
    static void require(Ticket t, Move m) {
        if (!t.ticketState().allows(m)) {
            throw new QmsException(Problem.TICKET_STATE, "cannot " + m.verb() + " " + t.number() + ": it is "
                    + t.state().replace('_', '-'), Map.of("state", t.state()));
        }
    }
}
