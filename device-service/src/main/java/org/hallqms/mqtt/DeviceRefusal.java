package org.hallqms.mqtt;

/**
 * A device message refused with one of the contract's stable ack error codes; nothing was changed. Thrown only
 * inside the gateway, between a check and the ack it becomes.
 */
final class DeviceRefusal extends RuntimeException {
    private final String code;

    DeviceRefusal(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
