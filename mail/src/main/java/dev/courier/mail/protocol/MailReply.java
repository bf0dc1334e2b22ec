package dev.courier.mail.protocol;

import java.util.List;

/** A reply of a mail server; each is one line, except a listing, which is its count line and then its messages. */
public sealed interface MailReply {
    /** {@code Session Started:sid}. */
    record SessionStarted(String sessionId) implements MailReply {
    }

    /** {@code OK:sent:id}. */
    record Sent(long messageId) implements MailReply {
    }

    /** {@code OK:n} for count. */
    record Count(long messages) implements MailReply {
    }

    /** {@code OK:n} and then n {@code MSG} lines (dump, getmsg). */
    record Listing(List<MailMessage> messages) implements MailReply {
        /** Copies the list. */
        public Listing {
            messages = List.copyOf(messages);
        }
    }

    /** {@code OK:deleted:n}. */
    record Deleted(int messages) implements MailReply {
    }

    /** {@code OK:bye}. */
    record Bye() implements MailReply {
    }

    /** {@code KO}: the request's checksum failed; it was not executed. */
    record Ko() implements MailReply {
    }

    /** {@code ERR:code:text}. */
    record Error(ErrorCode code, String text) implements MailReply {
    }
}
