package org.hallqms.config;

import java.util.List;

/** Thrown at start when one or more configuration values are unusable; each message names its key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
