package org.hallqms.event;

/** A device reported its state, or was given a new broker secret. */
public sealed interface DeviceEvent extends HallEvent {
    String device();

    /** What a device says of itself. */
    enum Status implements Wire {
        INIT("init"), READY("ready"), LOST("lost");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** @param kind and {@code fw} as the device reported them, or null (written as null) */
    record StateChanged(String device, Status state, String kind, String fw) implements DeviceEvent {
        public static final String TYPE = "device.state";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record SecretSet(String device) implements DeviceEvent {
        public static final String TYPE = "device.secret-set";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
