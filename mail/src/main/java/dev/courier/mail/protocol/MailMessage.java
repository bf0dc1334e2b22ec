package dev.courier.mail.protocol;

import java.time.Instant;

/** One message as a {@code MSG} line carries it. */
public record MailMessage(long id, String sender, Instant sentAt, String subject, String body) {
}
