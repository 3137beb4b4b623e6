package org.hallqms.event;

/** A time-limit alarm, complaint, device-misuse or case-overdue alarm raised or cleared. */
public sealed interface AlarmEvent extends HallEvent {
    /** The alarm's id. */
    long alarm();

    Kind kind();

    /** The ticket concerned, or null (device misuse, a complaint without a number). */
    String ticket();

    String number();

    enum Kind implements Wire {
        WAIT_TARGET("wait-target"), SERVICE_LIMIT("service-limit"), COMPLAINT("complaint"),
        DEVICE_MISUSE("device-misuse"), CASE_OVERDUE("case-overdue");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /**
     * Absent fields (null) are not written.
     *
     * @param reason       a complaint's reason code, the misbehaving identity of a device-misuse alarm, or the case
     *                     id of a case-overdue alarm
     * @param limitMinutes the waiting target or time limit passed
     */
    record Raised(long alarm, Kind kind, String ticket, String number, String service, String counter,
                  String officer, String reason, Integer limitMinutes) implements AlarmEvent {
        public static final String TYPE = "alarm.raised";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** @param by the ticket's new state (or "gone"), or who cleared a complaint */
    record Cleared(long alarm, Kind kind, String ticket, String number, String by) implements AlarmEvent {
        public static final String TYPE = "alarm.cleared";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
