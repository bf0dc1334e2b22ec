package dev.courier.mail.store;

/** The database failed; the operation's effect is unknown only if the failure came during commit. */
public final class StoreException extends RuntimeException {
    /** A failure with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
