package dev.courier.mail.store;

/** How much one mailbox may hold: messages and bytes of subject plus body. */
public record MailboxQuota(int maxMessages, long maxBytes) {
    /** Checks the values are positive. */
    public MailboxQuota {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("mailbox limits must be positive");
        }
    }
}
