package dev.courier.kv.store.journal;

/** A journal or snapshot file is damaged or missing: the message names the file, the offset and the way out. */
public final class JournalDamagedException extends JournalException {
    private static final long serialVersionUID = 1L;

    /** A damage report; the message says what {@code courier kv check} to run. */
    public JournalDamagedException(String message) {
        super(message);
    }
}
