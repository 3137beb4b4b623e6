package org.hallqms.store;

/** The database could not take or give data (disk full, I/O error, closed). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
