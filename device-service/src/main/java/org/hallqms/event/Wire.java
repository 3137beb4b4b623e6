package org.hallqms.event;

/** An enum whose constants are written to the log as a fixed string. */
public interface Wire {
    String wire();

    /** The constant written as {@code wire}; refuses a value no version of the hall writes. */
    static <E extends Enum<E> & Wire> E parse(Class<E> type, String wire) {
        if (wire == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + wire + "' is no " + type.getSimpleName());
    }
}
