package dev.courier.mail.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A message to deliver.
 *
 * @param senderId  the sending account's id (the delivery fails if it no longer exists)
 * @param sender    the sender's name, kept with the message
 * @param recipient the recipient's canonical name
 * @param sentAt    when the server accepted it
 */
public record NewMessage(long senderId, String sender, String recipient, Instant sentAt, String subject, String body) {
    /** Bytes the message counts against the recipient's mailbox: its subject and body in UTF-8. */
    public int sizeBytes() {
        return subject.getBytes(StandardCharsets.UTF_8).length + body.getBytes(StandardCharsets.UTF_8).length;
    }
}
