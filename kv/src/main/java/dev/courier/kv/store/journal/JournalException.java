package dev.courier.kv.store.journal;

import java.io.IOException;

/** The journal cannot be used: its directory is locked by another process, or its files cannot be read or written. */
public class JournalException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message meant for an operator. */
    public JournalException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}. */
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
