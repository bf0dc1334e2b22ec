package dev.courier.mail.store;

/** A store queue is full: the operation was not started. */
public final class StoreBusyException extends RuntimeException {
    /** An exception saying which queue is full. */
    public StoreBusyException(String message) {
        super(message, null, false, false);
    }
}
