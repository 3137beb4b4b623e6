package org.hallqms.station.console;

import java.util.Set;

/** A console user as the routes see them: who, and which halls they may see (null = all). */
record User(String name, Role role, String hall) {

    enum Role {
        STATION_ADMIN("station-admin"), HALL_LEADER("hall-leader");

        final String code;

        Role(String code) {
            this.code = code;
        }

        static Role of(String code) {
            for (Role r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("role must be station-admin or hall-leader, not '" + code + "'");
        }
    }

    /** The halls this user may see, as {@link org.hallqms.station.StationView} takes them. */
    Set<String> halls() {
        return role == Role.HALL_LEADER ? Set.of(hall) : null;
    }

    boolean sees(String h) {
        return role == Role.STATION_ADMIN || hall.equals(h);
    }
}
