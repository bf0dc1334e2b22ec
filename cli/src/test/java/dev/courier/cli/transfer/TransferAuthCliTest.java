package dev.courier.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Background;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.serve.RunningServe;
import dev.courier.core.tls.CertificateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sender authentication through the command line, end to end over loopback: {@code transfer cert issue} makes a
 * pair that {@code serve --transfer-client-ca} accepts from {@code send --cert/--key}; the token flags; the
 * refusals to start or send that protect the token; and protected mode on a non-loopback bind.
 */
class TransferAuthCliTest {
    private static final String TOKEN = "7c1d0e5a9b3f4e21a8d6c0b2e4f61357";

    @TempDir
    Path dir;

    private RunningServe serve(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(), "--kv-port", "off",
                "--mail-port", "off", "--transfer-port", "0", "--transfer-dir", dir.resolve("in").toString()));
        args.addAll(Arrays.asList(flags));
        return RunningServe.start(args.toArray(new String[0]));
    }

    private static CliRun serveRefused(Path dir, String... flags) {
        List<String> args = new ArrayList<>(List.of("serve", "--data-dir", dir.resolve("data").toString(),
                "--kv-port", "off", "--mail-port", "off", "--transfer-port", "0"));
        args.addAll(Arrays.asList(flags));
        return CliRun.run(args.toArray(new String[0]));
    }

    private CliRun send(RunningServe s, String... flags) {
        List<String> args = new ArrayList<>(List.of("send", "--timeout", "10s"));
        args.addAll(Arrays.asList(flags));
        args.add("localhost:" + s.services().transfer().port());
        args.add("--text");
        args.add("hello");
        return CliRun.run(args.toArray(new String[0]));
    }

    private String cacert() {
        return dir.resolve("data/tls/server.crt").toString();
    }

    private Path tokenFile(String name, String token) throws Exception {
        return Files.writeString(dir.resolve(name), token + "\n");
    }

    @Test
    void certIssueMakesAPairThatServeAcceptsFromSend() throws Exception {
        Path ca = dir.resolve("ca");
        CliRun issued = CliRun.run("transfer", "cert", "issue", "alice", "--ca-dir", ca.toString(), "--days", "30");
        assertThat(issued.code()).as(issued.err()).isZero();
        assertThat(issued.out().split("\n")).containsExactly(
                "made the CA: " + ca.resolve("ca.crt") + " and " + ca.resolve("ca.key")
                        + " (keep ca.key secret: it signs senders)",
                issued.out().split("\n")[1],
                "receiver: courier serve --transfer-tls --transfer-client-ca " + ca.resolve("ca.crt"),
                "sender:   courier send --tls --cert " + ca.resolve("alice.crt") + " --key " + ca.resolve("alice.key")
                        + " HOST:PORT FILE");
        assertThat(issued.out().split("\n")[1]).startsWith("made " + ca.resolve("alice.crt") + " and "
                + ca.resolve("alice.key") + " for alice, valid until ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("alice.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.key"))))
                .isEqualTo("rw-------");
        X509Certificate alice = CertificateStore.readCertificates(ca.resolve("alice.crt")).get(0);
        assertThat(alice.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        assertThat(alice.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");

        CliRun again = CliRun.run("transfer", "cert", "issue", "alice", "--ca-dir", ca.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("exists already");

        try (RunningServe s = serve("--transfer-tls", "--transfer-client-ca", ca.resolve("ca.crt").toString())) {
            CliRun ok = send(s, "--tls", "--cacert", cacert(), "--cert", ca.resolve("alice.crt").toString(),
                    "--key", ca.resolve("alice.key").toString());
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(s.services().transfer().stats().messages.sum()).isEqualTo(1);

            CliRun none = send(s, "--tls", "--cacert", cacert());
            assertThat(none.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(none.errLines()).containsExactly("courier send: the receiver requires a client certificate "
                    + "(mutual TLS) and none was given (courier send --tls --cert FILE --key FILE)");
            assertThat(s.services().transfer().stats().messages.sum()).isEqualTo(1);
        }
    }

    @Test
    void receiveTakesAClientCaAndATokenToo() throws Exception {
        Path ca = dir.resolve("ca");
        assertThat(CliRun.run("transfer", "cert", "issue", "carol", "--ca-dir", ca.toString()).code()).isZero();
        Path token = tokenFile("token", TOKEN);
        Path data = dir.resolve("rdata");
        try (Background receive = Background.start(ReceiveCommand.class, ReceiveCommand::stop, "receive", "--port",
                "0", "--dir", dir.resolve("rin").toString(), "--tls", "--data-dir", data.toString(), "--client-ca",
                ca.resolve("ca.crt").toString(), "--token-file", token.toString())) {
            int port = receive.command(ReceiveCommand.class).started().get(30, TimeUnit.SECONDS).port();
            CliRun both = CliRun.run("send", "--tls", "--cacert", data.resolve("tls/server.crt").toString(),
                    "--cert", ca.resolve("carol.crt").toString(), "--key", ca.resolve("carol.key").toString(),
                    "--token-file", token.toString(), "localhost:" + port, "--text", "from carol");
            assertThat(both.code()).as(both.err()).isZero();
            CliRun certOnly = CliRun.run("send", "--tls", "--cacert", data.resolve("tls/server.crt").toString(),
                    "--cert", ca.resolve("carol.crt").toString(), "--key", ca.resolve("carol.key").toString(),
                    "localhost:" + port, "--text", "no token");
            assertThat(certOnly.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(certOnly.err()).contains("this receiver needs a token");
            Awaitility.await().until(() -> receive.out().contains("from carol"));
            assertThat(receive.out()).doesNotContain("no token");
        }
        CliRun plain = CliRun.run("receive", "--port", "0", "--dir", dir.resolve("x").toString(), "--client-ca",
                ca.resolve("ca.crt").toString());
        assertThat(plain.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(plain.err()).contains("--client-ca needs --tls");
    }

    @Test
    void aTokenFileLetsTheSenderIn() throws Exception {
        Path token = tokenFile("token", "  " + TOKEN + "  ");
        try (RunningServe s = serve("--transfer-tls", "--transfer-token-file", token.toString())) {
            CliRun ok = send(s, "--tls", "--cacert", cacert(), "--token-file", token.toString());
            assertThat(ok.code()).as(ok.err()).isZero();

            CliRun wrong = send(s, "--tls", "--cacert", cacert(), "--token-file",
                    tokenFile("wrong", "0000000000000000000000").toString());
            assertThat(wrong.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(wrong.errLines()).containsExactly("courier send: the receiver refused: bad token "
                    + "(is --token-file the receiver's --transfer-token-file?)");

            CliRun none = send(s, "--tls", "--cacert", cacert());
            assertThat(none.code()).isEqualTo(ExitCodes.REFUSED);
            assertThat(none.errLines()).containsExactly("courier send: the receiver refused: unauthorized: this "
                    + "receiver needs a token (courier send --token-file FILE)");
            assertThat(s.services().transfer().stats().messages.sum()).isEqualTo(1);
        }
    }

    @Test
    void aTokenOnPlainTcpIsRefusedUnlessInsecureToken() throws Exception {
        Path token = tokenFile("token", TOKEN);
        CliRun refused = serveRefused(dir, "--transfer-token-file", token.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--transfer-token-file without --transfer-tls would let anyone on the "
                + "path read the token: add --transfer-tls (or --insecure-token to accept that)");
        try (RunningServe s = serve("--transfer-token-file", token.toString(), "--insecure-token")) {
            CliRun plain = send(s, "--token-file", token.toString());
            assertThat(plain.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(plain.errLines()).containsExactly("courier send: --token-file without --tls would send the token "
                    + "in the clear: add --tls (or --insecure-token to accept that)");
            CliRun insecure = send(s, "--token-file", token.toString(), "--insecure-token");
            assertThat(insecure.code()).as(insecure.err()).isZero();
        }
    }

    @Test
    void unusableAuthFilesAreRefusedInOneLineNeverQuotingTheToken() throws Exception {
        CliRun noTls = serveRefused(dir, "--transfer-client-ca", dir.resolve("ca.crt").toString());
        assertThat(noTls.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTls.err()).contains("--transfer-client-ca needs --transfer-tls");
        CliRun missing = serveRefused(dir, "--transfer-tls", "--transfer-client-ca", dir.resolve("nope.crt").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read --transfer-client-ca " + dir.resolve("nope.crt")
                + ": no such file");
        Path shortToken = tokenFile("short", "s3cret");
        CliRun tooShort = serveRefused(dir, "--transfer-tls", "--transfer-token-file", shortToken.toString());
        assertThat(tooShort.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooShort.err()).contains("the token is too short: 6 characters, at least 16").doesNotContain("s3cret");
        Path empty = tokenFile("empty", "  ");
        assertThat(serveRefused(dir, "--transfer-tls", "--transfer-token-file", empty.toString()).err())
                .contains("the token is empty");
    }

    @Test
    void protectedModeOnANonLoopbackBind() throws Exception {
        CliRun refused = serveRefused(dir, "--bind", "0.0.0.0");
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.errLines()).anySatisfy(l -> assertThat(l).isEqualTo("courier serve: transfer on 0.0.0.0 would "
                + "let anyone who reaches it drop files into the inbox: give --transfer-client-ca FILE (with "
                + "--transfer-tls), or --transfer-token-file FILE, or --transfer-open to allow any sender"));
        try (RunningServe s = serve("--bind", "0.0.0.0", "--transfer-open")) {
            assertThat(s.services().transfer().port()).isPositive();
        }
        try (RunningServe s = serve("--bind", "0.0.0.0", "--transfer-tls", "--transfer-token-file",
                tokenFile("token", TOKEN).toString())) {
            assertThat(s.services().transfer().port()).isPositive();
        }
        CliRun issued = CliRun.run("transfer", "cert", "issue", "bob", "--ca-dir", dir.resolve("ca").toString());
        assertThat(issued.code()).as(issued.err()).isZero();
        try (RunningServe s = serve("--bind", "0.0.0.0", "--transfer-tls", "--transfer-client-ca",
                dir.resolve("ca/ca.crt").toString())) {
            assertThat(s.services().transfer().port()).isPositive();
        }
    }
}
