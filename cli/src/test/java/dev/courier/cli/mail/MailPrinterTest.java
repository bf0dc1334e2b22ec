package dev.courier.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.protocol.MailMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailPrinterTest {
    @Test
    void headersThenTheBodyIndented() {
        MailMessage m = new MailMessage(7, "alice", Instant.parse("2024-05-01T12:34:56.789Z"), "hi",
                "line one\r\n\tline two\n");
        assertThat(MailPrinter.format(m)).isEqualTo("From:    alice\nDate:    2024-05-01 12:34:56 UTC\n"
                + "Subject: hi\n    line one\n    \tline two\n    \n\n");
    }

    @Test
    void controlCharactersCannotReachTheTerminal() {
        MailMessage m = new MailMessage(1, "mallory", Instant.EPOCH, "a\u001b[2Jb\nFrom: forged",
                "x\u001b]0;title\u0007y\u009bz");
        String out = MailPrinter.format(m);
        assertThat(out).doesNotContain("\u001b", "\u0007", "\u009b")
                .contains("Subject: a\\x1B[2Jb\\x0AFrom: forged\n", "    x\\x1B]0;title\\x07y\\x9Bz\n");
        assertThat(out.lines().filter(l -> l.startsWith("From:"))).hasSize(1);
    }

    @Test
    void anEmptyBodyPrintsNoBodyLines() {
        assertThat(MailPrinter.format(new MailMessage(1, "a", Instant.EPOCH, "", "")))
                .isEqualTo("From:    a\nDate:    1970-01-01 00:00:00 UTC\nSubject: \n\n");
    }
}
