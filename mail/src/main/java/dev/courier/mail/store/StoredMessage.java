package dev.courier.mail.store;

import java.time.Instant;

/** A message in a mailbox. */
public record StoredMessage(long id, String sender, Instant sentAt, String subject, String body) {
}
