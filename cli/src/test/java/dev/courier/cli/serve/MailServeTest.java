package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.cli.Cli;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.core.config.Port;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.MailLimits;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.client.MailException;
import dev.courier.mail.store.MailStoreConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailServeTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(String... args) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return (ServeCommand) Cli.commandLine(io).parseArgs(all).subcommand().commandSpec().userObject();
    }

    @Test
    void mailDefaultsAreTheProtocolsAndEveryLimitHasAFlag() {
        ServeCommand d = parse();
        assertThat(d.mailPort).isEqualTo(Port.of(7403));
        assertThat(d.mail.limits()).isEqualTo(MailLimits.defaults());
        assertThat(d.mail.mailPlaintext).isFalse();
        ServeCommand s = parse("--mail-max-line", "1KiB", "--mail-max-connections", "3", "--mail-max-sessions", "4",
                "--mail-mailbox-messages", "5", "--mail-mailbox-bytes", "6KiB", "--mail-sends-per-minute", "7",
                "--mail-session-timeout", "8m", "--mail-idle-timeout", "0", "--mail-plaintext");
        MailLimits l = s.mail.limits();
        assertThat(l.maxLineBytes()).isEqualTo(1024);
        assertThat(l.maxConnections()).isEqualTo(3);
        assertThat(l.maxSessions()).isEqualTo(4);
        assertThat(l.maxMailboxMessages()).isEqualTo(5);
        assertThat(l.maxMailboxBytes()).isEqualTo(6144);
        assertThat(l.maxSendsPerMinute()).isEqualTo(7);
        assertThat(l.sessionTimeout()).isEqualTo(Duration.ofMinutes(8));
        assertThat(l.idleTimeout()).isZero();
        assertThat(s.mail.mailPlaintext).isTrue();
    }

    @Test
    void theSettingsFileSetsMailToo() throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "mail-port=off\nmail-sends-per-minute=100000\nmail-db=jdbc:postgresql://db/mail\n");
        ServeCommand s = parse("--config", f.toString());
        assertThat(s.mailPort).isEqualTo(Port.OFF);
        assertThat(s.mail.limits().maxSendsPerMinute()).isEqualTo(100_000);
        assertThat(s.mail.mailDb).isEqualTo("jdbc:postgresql://db/mail");
    }

    @Test
    void badMailSettingsAreUsageErrors() {
        CliRun line = CliRun.run("serve", "--data-dir", dir.toString(), "--mail-max-line", "10");
        assertThat(line.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(line.err()).contains("bad mail limits");
        CliRun db = CliRun.run("serve", "--data-dir", dir.toString(), "--mail-db", "jdbc:sqlite:x");
        assertThat(db.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(db.err()).contains("--mail-db");
        CliRun env = CliRun.run("serve", "--data-dir", dir.toString(), "--mail-db", "jdbc:postgresql://x/y",
                "--mail-db-password-env", "COURIER_TEST_SURELY_UNSET");
        assertThat(env.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(env.err()).contains("COURIER_TEST_SURELY_UNSET");
        CliRun none = CliRun.run("serve", "--data-dir", dir.toString(), "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "off");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("nothing to serve");
    }

    @Test
    void servesKvAndMailTogetherOverTlsUntilStopped() throws Exception {
        Path data = dir.resolve("data");
        RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0", "--mail-port", "0",
                "--mail-sends-per-minute", "5");
        Services s = serve.services();
        assertThat(s.kv()).isNotNull();
        int port = s.mail().port();
        assertThat(s.mail().config().plaintext()).isFalse();
        assertThat(s.mail().config().limits().maxSendsPerMinute()).isEqualTo(5);
        // Mail charges its own share of the one budget every service shares.
        assertThat(s.mail().config().budget()).isNotSameAs(s.kv().config().budget());
        assertThat(s.mail().config().budget().parent()).isNotNull().isSameAs(s.kv().config().budget().parent());
        assertThat(s.mail().config().budget().limit()).isLessThan(Long.MAX_VALUE);
        assertThat(s.mail().config().certificates().fingerprint())
                .isEqualTo(s.kv().config().certificates().fingerprint());
        try (MailAccounts a = MailAccounts.open(MailStoreConfig.forDataDir(data), Passwords.MIN_ITERATIONS)) {
            a.add("ann", "pw".toCharArray());
        }
        MailClientConfig tls = MailClientConfig.tls("localhost", port,
                ClientTrust.caFile(data.resolve("tls/server.crt")));
        try (MailClient c = MailClient.connect(tls)) {
            c.login("ann", "pw");
            assertThat(c.send("ann", "s", "b")).isPositive();
            assertThat(c.count()).isEqualTo(1);
        }
        assertThat(serve.stop()).isEqualTo(ExitCodes.OK);
        assertThatThrownBy(() -> MailClient.connect(tls.withTimeout(Duration.ofSeconds(2))).close())
                .isInstanceOf(MailException.class);
        // The message was committed: a server started again on the same data directory still has it.
        try (RunningServe again = RunningServe.start("--data-dir", data.toString(), "--kv-port", "off",
                "--mail-port", "0");
             MailClient c = MailClient.connect(MailClientConfig.tls("localhost", again.services().mail().port(),
                     ClientTrust.caFile(data.resolve("tls/server.crt"))))) {
            c.login("ann", "pw");
            assertThat(c.count()).isEqualTo(1);
        }
    }

    @Test
    void clearTextOnRequest() throws Exception {
        Path data = dir.resolve("data");
        try (RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "off",
                "--mail-port", "0", "--mail-plaintext")) {
            int port = serve.services().mail().port();
            assertThat(serve.services().mail().config().plaintext()).isTrue();
            assertThat(CliRun.withInput("pw\n", null, "mail", "user", "add", "bo", "--data-dir", data.toString(),
                    "--iterations", "1000").code()).isZero();
            Path pw = dir.resolve("pw");
            Files.writeString(pw, "pw\n");
            CliRun r = CliRun.run("mail", "--plaintext", "-p", Integer.toString(port), "--user", "bo",
                    "--password-file", pw.toString(), "count");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("0\n");
            assertThat(r.err()).contains("WARNING: --plaintext");
        }
    }

    @Test
    void aMailPortInUseIsStatus3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.run("serve", "--data-dir", dir.toString(), "--kv-port", "0", "--transfer-port", "off",
                    "--mail-port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("cannot start mail");
        }
    }
}
