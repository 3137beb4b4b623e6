package org.hallqms.event;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A case (件件有回音): a 差评 rating or a 办不成事 complaint followed to its answer. Opened in the transaction of the
 * rating or complaint it follows, called back, then resolved with a reply for the citizen or dismissed; overdue
 * once per deadline missed.
 */
public sealed interface CaseEvent extends HallEvent {
    /** The case id, "C" + yyyyMMdd + "-" + a three-digit sequence of its business day, e.g. C20261129-007. */
    String id();

    /** What opened the case. */
    enum Kind implements Wire {
        BAD_RATING("bad-rating"), COMPLAINT("complaint");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** Which deadline passed. */
    enum Due implements Wire {
        CALLBACK("callback"), RESOLVE("resolve");

        private final String wire;

        Due(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /**
     * Absent fields (null) are not written; {@code reasons} always is.
     *
     * @param level  1 or 2 for a bad rating, null for a complaint
     * @param source the rating session id (bad rating) or the complaint alarm's id as text
     */
    record Opened(String id, Kind kind, String ticket, String number, String service, String counter,
                  String officer, Integer level, List<String> reasons, String source, OffsetDateTime callbackDue,
                  OffsetDateTime resolveDue) implements CaseEvent {
        public static final String TYPE = "case.opened";

        public Opened {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param by "admin", "station" or "station:NAME" */
    record CalledBack(String id, String by, String note) implements CaseEvent {
        public static final String TYPE = "case.called-back";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param reply text for the citizen, shown on the ticket's page; @param note internal, may be null */
    record Resolved(String id, String by, String reply, String note) implements CaseEvent {
        public static final String TYPE = "case.resolved";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Dismissed(String id, String by, String reason) implements CaseEvent {
        public static final String TYPE = "case.dismissed";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Overdue(String id, Due due) implements CaseEvent {
        public static final String TYPE = "case.overdue";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
