package dev.courier.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.serve.RunningServe;
import dev.courier.core.tls.CertificateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier serve --mail-port 0} in-process, and the one-shot mail commands against it. */
class MailOneShotTest {
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
        // Added while the server has the database open: H2's AUTO_SERVER lets the admin in.
        for (String u : List.of("alice", "bob")) {
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

    /** {@code courier mail} as {@code user} against the test server, trusting the data dir's certificate. */
    static CliRun mail(String user, String stdin, String... command) {
        List<String> args = new ArrayList<>(List.of("mail", "--data-dir", data.toString(), "-p",
                Integer.toString(port), "--user", user, "--password-file", pw.toString()));
        args.addAll(List.of(command));
        return CliRun.withInput(stdin, null, args.toArray(String[]::new));
    }

    @Test
    void sendCountDumpGetmsgDelmsgRoundTrip() throws Exception {
        assertThat(data.resolve("tls").resolve(CertificateStore.CERT_FILE)).exists();
        int before = Integer.parseInt(mail("bob", "", "count").out().strip());
        CliRun send = mail("alice", "", "send", "--to", "bob", "--subject", "lunch", "--body", "noon?\nat # the: usual");
        assertThat(send.code()).as(send.err()).isZero();
        assertThat(send.out()).matches("sent to bob \\(message \\d+\\)\n");
        Path body = dir.resolve("body.txt");
        Files.writeString(body, "from a file\n");
        CliRun fromFile = mail("alice", "", "send", "--to", "BOB", "--subject", "report", "--body-file",
                body.toString());
        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        CliRun fromStdin = mail("bob", "piped body\n", "email", "--to", "bob", "--subject", "note", "--body-file", "-");
        assertThat(fromStdin.code()).as(fromStdin.err()).isZero();

        CliRun count = mail("bob", "", "count");
        assertThat(count.code()).as(count.err()).isZero();
        assertThat(count.out()).isEqualTo((before + 3) + "\n");

        CliRun dump = mail("bob", "", "dump");
        assertThat(dump.code()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("From:    alice\n", "Subject: lunch\n    noon?\n    at # the: usual\n\n",
                "Subject: report\n    from a file\n\n", "From:    bob\n", "Subject: note\n    piped body\n\n")
                .containsPattern("Date:    \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\n");
        assertThat(dump.out().indexOf("lunch")).isLessThan(dump.out().indexOf("report"));

        CliRun fromAlice = mail("bob", "", "getmsg", "alice");
        assertThat(fromAlice.code()).as(fromAlice.err()).isZero();
        assertThat(fromAlice.out()).contains("lunch", "report").doesNotContain("note");

        CliRun del = mail("bob", "", "delmsg", "lunch");
        assertThat(del.code()).as(del.err()).isZero();
        assertThat(del.out()).isEqualTo("1\n");
        assertThat(mail("bob", "", "count").out()).isEqualTo((before + 2) + "\n");
        assertThat(mail("bob", "", "dump").out()).doesNotContain("lunch");
    }

    @Test
    void errRepliesAreStatus1WithTheServersWords() {
        CliRun noUser = mail("alice", "", "send", "--to", "nobody", "--subject", "s", "--body", "b");
        assertThat(noUser.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(noUser.err()).contains("no user named 'nobody'");
        CliRun noSubject = mail("alice", "", "delmsg", "no such subject here");
        assertThat(noSubject.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(noSubject.err()).contains("no message with that subject");
        CliRun noSender = mail("alice", "", "getmsg", "ghost");
        assertThat(noSender.code()).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void aWrongPasswordIsStatus1() throws Exception {
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-it\n");
        CliRun r = CliRun.run("mail", "--data-dir", data.toString(), "-p", Integer.toString(port), "--user",
                "alice", "--password-file", wrong.toString(), "count");
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("login refused for 'alice'", "wrong user name or password");
    }

    @Test
    void anUntrustedCertificateOrClearTextToTlsIsStatus3() throws Exception {
        Path other = dir.resolve("other-tls");
        CertificateStore.selfSigned(other);
        CliRun r = CliRun.run("mail", "--cacert", other.resolve("server.crt").toString(), "-p",
                Integer.toString(port), "--user", "alice", "--password-file", pw.toString(), "count");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("TLS failed");
        CliRun plain = CliRun.run("mail", "--plaintext", "--timeout", "2s", "-p", Integer.toString(port), "--user",
                "alice", "--password-file", pw.toString(), "count");
        assertThat(plain.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(plain.err()).contains("WARNING: --plaintext");
    }

    @Test
    void usageMistakesAreStatus2() {
        assertThat(mail("alice", "", "send", "--to", "bob", "--subject", "s").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(mail("alice", "", "send", "--to", "bob", "--subject", "s", "--body", "b", "--body-file", "-")
                .code()).isEqualTo(ExitCodes.USAGE);
        CliRun noPassword = CliRun.run("mail", "-p", Integer.toString(port), "--user", "alice", "count");
        assertThat(noPassword.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPassword.err()).contains("--password-env");
        CliRun both = CliRun.run("mail", "--plaintext", "--insecure", "count");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    }
}
