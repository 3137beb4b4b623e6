package org.hallqms.display;

import java.util.List;

/** The device files cannot be used; one line per problem, each naming the file and the field. */
public final class DeviceConfigException extends RuntimeException {
    private final List<String> problems;

    DeviceConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
