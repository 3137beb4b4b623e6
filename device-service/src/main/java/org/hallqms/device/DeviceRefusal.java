package org.hallqms.device;

/** A device message refused with one of the contract's stable ack error codes; nothing was changed. */
public final class DeviceRefusal extends RuntimeException {
    private final String code;
    private final byte[] replay;

    public DeviceRefusal(String code, String message) {
        this(code, message, null);
    }

    /** A message already answered, found so inside a transaction: the first answer is sent again. */
    public static DeviceRefusal replay(byte[] firstAck) {
        return new DeviceRefusal("duplicate", "already answered", firstAck);
    }

    private DeviceRefusal(String code, String message, byte[] replay) {
        super(message, null, false, false);
        this.code = code;
        this.replay = replay;
    }

    byte[] replayed() {
        return replay;
    }

    public String code() {
        return code;
    }
}
