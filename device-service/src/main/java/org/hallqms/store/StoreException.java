package org.hallqms.store;

/** The database could not take or give data (disk full, I/O error, closed). */
public final class StoreException extends RuntimeException {
    private final boolean diskFull;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    StoreException(String message, Throwable cause, boolean diskFull) {
        super(message, cause);
        this.diskFull = diskFull;
    }

    /** The write failed because the data directory's disk is full: nothing was written, space must be freed. */
    public boolean diskFull() {
        return diskFull;
    }
}
