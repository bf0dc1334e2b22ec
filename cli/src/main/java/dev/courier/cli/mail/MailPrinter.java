package dev.courier.cli.mail;

import dev.courier.cli.Printable;

import dev.courier.mail.protocol.MailMessage;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Prints mail for people: a From, Date and Subject header, the body indented by four spaces, a blank line after.
 * Control characters a sender put in a message are shown as {@code \xNN}, so mail cannot drive the reader's
 * terminal.
 */
final class MailPrinter {
    /** How a body line is indented, so it can never be mistaken for a header. */
    static final String INDENT = "    ";
    /** The date as printed: UTC, to the second. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private MailPrinter() {
    }

    /** Prints every message, oldest first, as the server sent them. */
    static void print(PrintStream out, List<MailMessage> messages) {
        for (MailMessage m : messages) {
            out.print(format(m));
        }
        out.flush();
    }

    /** One message, its headers and indented body, ending with a blank line. */
    static String format(MailMessage m) {
        StringBuilder b = new StringBuilder();
        b.append("From:    ").append(visible(m.sender(), false)).append('\n');
        b.append("Date:    ").append(DATE.format(m.sentAt())).append('\n');
        b.append("Subject: ").append(visible(m.subject(), false)).append('\n');
        if (!m.body().isEmpty()) {
            String body = m.body().replace("\r\n", "\n");
            for (String line : body.split("\n", -1)) {
                b.append(INDENT).append(visible(line, true)).append('\n');
            }
        }
        return b.append('\n').toString();
    }

    /** {@code text} with control characters (tab kept in a body) escaped, as {@link Printable} writes them. */
    static String visible(String text, boolean keepTab) {
        return Printable.visible(text, keepTab, false);
    }

    /** "1 message" or "N messages". */
    static String count(long n) {
        return n + (n == 1 ? " message" : " messages");
    }
}
