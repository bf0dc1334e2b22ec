package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Background;
import dev.courier.cli.Cli;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.serve.ServeCommand;
import dev.courier.cli.serve.Services;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier kv --rsa} against {@code courier serve --kv-rsa-port 0}, both in-process. */
class KvRsaCliTest {
    @TempDir
    static Path dir;

    private static Background serve;
    private static Services services;

    @BeforeAll
    static void startServe() throws Exception {
        serve = Background.start(ServeCommand.class, ServeCommand::stop, "serve", "--data-dir",
                dir.resolve("data").toString(), "--kv-port", "0", "--kv-rsa-port", "0", "--mail-port", "off",
                "--transfer-port", "off");
        services = serve.command(ServeCommand.class).started().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServe() throws Exception {
        serve.close();
        assertThat(serve.exitCode()).isZero();
    }

    private static CliRun rsa(String stdin, String id, String... command) {
        List<String> args = new ArrayList<>(List.of("kv", "--rsa", "-p", Integer.toString(services.kvRsa().port()),
                "--id", id));
        args.addAll(Arrays.asList(command));
        return CliRun.withInput(stdin, null, args.toArray(new String[0]));
    }

    /** An RSA session is erased when its connection ends; the next CONNECT to its id waits for that. */
    private static void awaitClosed() {
        Awaitility.await().until(() -> services.kv().openConnections() == 0);
    }

    private static void assertWarnedOnce(CliRun r) {
        assertThat(r.err().split("WARNING", -1)).as(r.err()).hasSize(2);
        assertThat(r.err()).contains("--rsa", "NOT secure");
    }

    @Test
    void oneShotCommandsAskNoPasswordAndWarnOnce() {
        CliRun put = rsa("", "ann", "put", "a", "b c");
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.out()).isEmpty();
        assertWarnedOnce(put);
        assertThat(put.err()).contains("session of its own");
        awaitClosed();
        // The put's session ended with its connection: the edition has no resume.
        CliRun get = rsa("", "ann", "get", "a");
        assertThat(get.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).contains("no such key 'a'");
        awaitClosed();
        CliRun delete = rsa("", "ann", "delete", "a");
        assertThat(delete.code()).as(delete.err()).isZero();
        assertThat(delete.out()).isEmpty();
        awaitClosed();
        assertThat(rsa("", "ann", "disconnect").code()).isZero();
    }

    @Test
    void aRequestTheServerWouldTakeAsAViolationIsRefusedBeforeSending() {
        long connections = services.kv().stats().connections.sum();
        CliRun big = rsa("", "cid", "put", "big", "x".repeat(5000));
        assertThat(big.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(big.err()).contains("the value is 5000 bytes", "at most 4091", "nothing was sent");
        CliRun e = rsa("", "cid", "get", "\u00e9");
        assertThat(e.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(e.err()).contains("U+00E9");
        assertThat(services.kv().stats().connections.sum()).isEqualTo(connections);
        CliRun shell = rsa("put kept 1\nput big " + "x".repeat(5000) + "\nget \u00e9\nget kept\nquit\n", "cid2");
        assertThat(shell.code()).as(shell.err()).isZero();
        assertThat(shell.out()).isEqualTo("OK\n1\n");
        assertThat(shell.err()).contains("at most 4091", "U+00E9").doesNotContain("Exception");
        awaitClosed();
    }

    @Test
    void theShellReadsCommandsFromAPipe() {
        CliRun r = rsa("put k \"v w\"\nget k\ndelete k\nget k\nput k2 x\nquit\n", "bea");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("OK\nv w\nOK\nOK\n");
        assertThat(r.err()).contains("error: no such key 'k'").doesNotContain("session of its own");
        assertWarnedOnce(r);
    }

    @Test
    void anIdWithALiveSessionIsRefusedWithStatus1() throws Exception {
        try (var held = dev.courier.kv.rsa.KvRsaClient.connect(
                dev.courier.kv.rsa.KvRsaClient.config("127.0.0.1", services.kvRsa().port(), "cat"))) {
            CliRun r = rsa("", "cat", "put", "a", "b");
            assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(r.err()).contains("CONNECT: ERROR", "has a session already");
        }
    }

    @Test
    void tlsAndPasswordFlagsDoNotApply() {
        for (String[] flags : new String[][] {{"--cacert", "x.pem"}, {"--insecure"}, {"--password-env", "PATH"}}) {
            List<String> args = new ArrayList<>(List.of("kv", "--rsa", "-p", "1"));
            args.addAll(Arrays.asList(flags));
            args.addAll(List.of("get", "a"));
            CliRun r = CliRun.run(args.toArray(new String[0]));
            assertThat(r.code()).as(String.join(" ", flags)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains("--rsa has no certificate and no password");
        }
    }

    @Test
    void theTlsPortIsNotTheRsaOne() {
        CliRun r = CliRun.run("kv", "--rsa", "-p", Integer.toString(services.kv().port()), "--id", "dee",
                "--timeout", "3s", "get", "a");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theDefaultPortFollowsTheEdition() {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        KvCommand tls = (KvCommand) Cli.commandLine(io).parseArgs("kv", "get", "a").subcommand().commandSpec()
                .userObject();
        KvCommand rsa = (KvCommand) Cli.commandLine(io).parseArgs("kv", "--rsa", "get", "a").subcommand()
                .commandSpec().userObject();
        assertThat(tls.conn().port()).isEqualTo(7401);
        assertThat(rsa.conn().port()).isEqualTo(7402);
    }
}
