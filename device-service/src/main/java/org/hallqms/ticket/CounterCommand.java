package org.hallqms.ticket;

import java.util.List;
import org.hallqms.Problem;

/**
 * What a counter is asked to do, whoever asks: the officer's console (HTTP), a caller keypad (MQTT) or a
 * GPIO "next" button. {@link CounterActions#apply} carries it out under one set of rules.
 */
public sealed interface CounterCommand {
    /** Call the next ticket by the queue's rule (transferred here first, then class, then place). */
    record Next() implements CounterCommand {
    }

    /** Call a given ticket by id or number (A012): out of order, or a no-show who came back. */
    record Call(String ticket) implements CounterCommand {
    }

    record Recall() implements CounterCommand {
    }

    record Start() implements CounterCommand {
    }

    /**
     * Finish the current ticket; an {@code incomplete} one names the missing materials or a reason of the
     * catalogue's 办不成事 list, and answers with the 告知单.
     */
    record Finish(String outcome, List<String> missing, String reason, String note) implements CounterCommand {
        public static Finish done() {
            return new Finish("done", null, null, null);
        }
    }

    record NoShow() implements CounterCommand {
    }

    /** Back to waiting in its old place, in another service's queue or for another counter (exactly one). */
    record Transfer(String toService, String toCounter) implements CounterCommand {
    }

    record Pause(String reason) implements CounterCommand {
    }

    record Resume() implements CounterCommand {
    }

    /** Who asks: an officer's console session by its token, or a device at the counter on behalf of its officer. */
    sealed interface Caller {
    }

    record Console(String token) implements Caller {
    }

    /** A caller keypad or a GPIO button: it acts for the officer logged in at its counter. */
    record AtCounter() implements Caller {
    }

    /** A keypad's (and the GPIO next button's) action word: next, recall, start, finish, no-show, pause, resume. */
    static CounterCommand ofKeypad(String action) {
        return switch (action) {
            case "next" -> new Next();
            case "recall" -> new Recall();
            case "start" -> new Start();
            case "finish" -> Finish.done();
            case "no-show" -> new NoShow();
            case "pause" -> new Pause("按键暂停");
            case "resume" -> new Resume();
            default -> throw Problem.INVALID_REQUEST.exception("action: unknown '" + action + "'");
        };
    }
}
