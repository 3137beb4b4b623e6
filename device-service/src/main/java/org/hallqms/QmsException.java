package org.hallqms;

import java.util.Map;

/** A refusal with a stable {@link Problem}; mapped to problem+json in one place (http.Problems). */
public final class QmsException extends RuntimeException {
    private final Problem problem;
    private final Map<String, Object> extra;

    public QmsException(Problem problem, String detail) {
        this(problem, detail, Map.of());
    }

    public QmsException(Problem problem, String detail, Map<String, Object> extra) {
        super(detail, null, false, false);
        this.problem = problem;
        this.extra = Map.copyOf(extra);
    }

    public Problem problem() {
        return problem;
    }

    /** Extra members of the problem document, such as the list of catalogue errors. */
    public Map<String, Object> extra() {
        return extra;
    }
}
