package dev.courier.mail.store;

/** A listing was stopped while being read: the memory budget would not hold its next message. */
public final class ListingRefusedException extends RuntimeException {
    /** Stopped after {@code read} messages had been admitted. */
    public ListingRefusedException(int read) {
        super("no memory for the listing after " + read + " messages", null, false, false);
    }
}
