package dev.courier.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.serve.RunningServe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail shell driven by piped input against {@code courier serve} in-process. */
class MailShellTest {
    @TempDir
    static Path dir;

    private static RunningServe serve;
    private static Path data;
    private static Path pw;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("data");
        pw = dir.resolve("pw");
        Files.writeString(pw, "secret\n");
        serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "off", "--mail-port", "0");
        port = serve.services().mail().port();
        for (String u : List.of("carol", "dan")) {
            CliRun r = CliRun.withInput("secret\n", null, "mail", "user", "add", u, "--data-dir", data.toString(),
                    "--iterations", "1000");
            assertThat(r.code()).as(r.err()).isZero();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            assertThat(serve.stop()).isZero();
        }
    }

    private static CliRun shell(String user, String input) {
        List<String> args = new ArrayList<>(List.of("mail", "--data-dir", data.toString(), "-p",
                Integer.toString(port), "--user", user, "--password-file", pw.toString()));
        return CliRun.withInput(input, null, args.toArray(String[]::new));
    }

    @Test
    void emailWithAMultiLineBodyThenCountDumpAndLogoff() {
        CliRun send = shell("carol", """
                help
                email
                dan
                plans: friday
                first line
                  indented # and: colons
                ..
                last line
                .
                email dan
                second
                short
                .
                logoff
                count
                """);
        assertThat(send.code()).as(send.err()).isZero();
        assertThat(send.err()).isEmpty();
        assertThat(send.out()).contains("email [TO]", "count", "dump", "getmsg [SENDER]", "delmsg [SUBJECT]",
                "logoff", "end the session", "a line holding only '.'")
                .containsPattern("sent to dan \\(message \\d+\\)\n(.|\n)*sent to dan \\(message \\d+\\)\n")
                .endsWith("logged off\n");

        CliRun read = shell("dan", """
                count
                dump
                getmsg carol
                delmsg second
                count
                logoff
                """);
        assertThat(read.code()).as(read.err()).isZero();
        assertThat(read.out()).startsWith("2 messages\n2 messages\n\nFrom:    carol\n")
                .contains("Subject: plans: friday\n    first line\n      indented # and: colons\n    .\n"
                        + "    last line\n\n")
                .contains("Subject: second\n    short\n\n")
                .contains("deleted 1 message\n1 message\n")
                .endsWith("logged off\n");
    }

    @Test
    void errRepliesArePrintedAndTheShellGoesOn() {
        CliRun r = shell("carol", """
                bogus
                count extra
                getmsg nobody
                delmsg never sent
                email nobody
                subject
                body
                .
                count
                """);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("unknown command 'bogus'", "count takes nothing", "no user named 'nobody'",
                "no message with that subject");
        assertThat(r.out()).containsPattern("\\d+ messages?\n$");
    }

    @Test
    void promptsThatMeetTheEndOfInputSendNothing() {
        CliRun r = shell("carol", "email dan\nsubject\nunfinished body\n");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("message not sent");
        assertThat(shell("dan", "getmsg carol\n").out()).doesNotContain("unfinished body");
    }

    @Test
    void aWrongPasswordEndsTheShellWithStatus1() throws Exception {
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "nope\n");
        CliRun r = CliRun.withInput("count\n", null, "mail", "--data-dir", data.toString(), "-p",
                Integer.toString(port), "--user", "carol", "--password-file", wrong.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.out()).isEmpty();
    }
}
