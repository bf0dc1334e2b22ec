package dev.courier.mail.store;

/** What became of one message of a delivery batch. */
public record Delivery(Outcome outcome, long messageId) {
    /** The possible outcomes. */
    public enum Outcome {
        /** Stored and committed; {@code messageId} is set. */
        DELIVERED,
        /** No account has the recipient's name. */
        NO_SUCH_RECIPIENT,
        /** The recipient's mailbox holds its maximum of messages or bytes. */
        MAILBOX_FULL,
        /** The sender's account was deleted. */
        SENDER_GONE
    }

    /** A delivered message. */
    public static Delivery delivered(long id) {
        return new Delivery(Outcome.DELIVERED, id);
    }

    /** A message not delivered, for {@code why}. */
    public static Delivery refused(Outcome why) {
        return new Delivery(why, 0);
    }
}
