package org.hallqms.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * An adapter's part in a domain write that must take effect once per request id (a device's message, say), both
 * steps inside the write's own transaction: {@link #earlier} runs before anything else and, when it finds the
 * first answer, the write does nothing more and returns it; otherwise the effect is carried out and
 * {@link #answer} keeps its answer in the same commit. One transaction per request, and a repeat racing its
 * first delivery still sees it.
 */
public interface Once<T> {
    /** The answer already given to this request, if it was carried out before. */
    Optional<T> earlier(Tx tx) throws SQLException;

    /** After the effect, in its commit: the answer, kept for {@link #earlier}. */
    T answer(Tx tx) throws SQLException;
}
