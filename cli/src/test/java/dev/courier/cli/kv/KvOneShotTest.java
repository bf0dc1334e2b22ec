package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.KvServerExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KvOneShotTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @TempDir
    Path dir;

    private Path pw;

    @BeforeEach
    void passwordFile() throws Exception {
        pw = dir.resolve("pw");
        Files.writeString(pw, "pw\n");
    }

    /** Runs {@code courier kv} against {@code port} as {@code id}, trusting the test certificate. */
    private CliRun kvAt(int port, String id, String... command) {
        List<String> args = new ArrayList<>(List.of("kv", "-p", Integer.toString(port), "--id", id,
                "--cacert", KvServerExtension.caCert().toString(), "--password-file", pw.toString(),
                "--data-dir", dir.resolve("data").toString()));
        args.addAll(List.of(command));
        return CliRun.run(args.toArray(new String[0]));
    }

    private CliRun kv(String... command) {
        return kvAt(kv.port(), "alice", command);
    }

    /** One-shot commands leave their session detached; the next may only resume it once the server noticed. */
    private void awaitDetached() {
        Awaitility.await().until(() -> kv.server().openConnections() == 0);
    }

    @Test
    void putGetDeleteResumeOneSessionAcrossCalls() {
        CliRun put = kv("put", "a", "b c");
        assertThat(put.code()).as(put.err()).isZero();
        assertThat(put.out()).isEmpty();
        awaitDetached();
        CliRun get = kv("get", "a");
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out()).isEqualTo("b c\n");
        awaitDetached();
        assertThat(kv("delete", "a").code()).isZero();
        awaitDetached();
        CliRun gone = kv("get", "a");
        assertThat(gone.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(gone.out()).isEmpty();
        assertThat(gone.errLines()).hasSize(1);
        assertThat(gone.err()).contains("GET: ERROR", "no such key 'a'");
    }

    @Test
    void emptyValuesAndKeysWithSpaces() {
        assertThat(kv("put", "my key", "").code()).isZero();
        awaitDetached();
        assertThat(kv("get", "my key").out()).isEqualTo("\n");
    }

    @Test
    void disconnectErasesTheSession() {
        kv("put", "a", "1");
        awaitDetached();
        assertThat(kv("disconnect").code()).isZero();
        awaitDetached();
        assertThat(kv("get", "a").code()).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void aWrongPasswordForAnExistingSessionIsRefused() throws Exception {
        kv("put", "a", "1");
        awaitDetached();
        Files.writeString(pw, "other\n");
        CliRun r = kv("get", "a");
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("CONNECT: ERROR");
    }

    @Test
    void aValueTheServerRefusesIsStatus1() throws Exception {
        kv.start(kv.server().config().withLimits(kv.server().config().limits().withMaxBytesPerSession(3)));
        CliRun r = kv("put", "a", "long");
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("PUT: ERROR");
    }

    /** The case: a 5000-character value would be a violation that erases the session; nothing is sent. */
    @Test
    void aValueTooLongIsRefusedBeforeSendingAndTheSessionSurvives() {
        assertThat(kv("put", "other", "kept").code()).isZero();
        awaitDetached();
        long connections = kv.server().stats().connections.sum();
        CliRun r = kv("put", "big", "x".repeat(5000));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("the value is 5000 bytes", "at most 4091", "nothing was sent")
                .doesNotContain("Exception", "\tat ");
        assertThat(kv.server().stats().connections.sum()).as("not even a connection").isEqualTo(connections);
        CliRun edge = kv("put", "edge", "x".repeat(4091));
        assertThat(edge.code()).as(edge.err()).isZero();
        awaitDetached();
        assertThat(kv("get", "other").out()).isEqualTo("kept\n");
        assertThat(kv.server().stats().violations.sum()).isZero();
    }

    @Test
    void aNonAsciiKeyIsRefusedBeforeSendingAndTheSessionSurvives() {
        assertThat(kv("put", "other", "kept").code()).isZero();
        awaitDetached();
        CliRun r = kv("get", "\u00e9");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'\u00e9' (U+00E9)", "0x01-0x7F", "nothing was sent");
        CliRun v = kv("put", "a", "caf\u00e9");
        assertThat(v.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(v.err()).contains("the value holds", "U+00E9");
        CliRun d = kv("delete", "k".repeat(4089));
        assertThat(d.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(d.err()).contains("4097 bytes", "at most 4096");
        assertThat(kv("get", "other").out()).isEqualTo("kept\n");
        assertThat(kv.server().stats().violations.sum()).isZero();
    }

    @Test
    void aServerClosingMidCommandIsOneLineAndStatus3() throws Exception {
        try (FakeKvServer fake = FakeKvServer.start(line -> null)) {
            CliRun r = kvAt(fake.port(), "alice", "put", "a", "b");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void theCertificateIsCheckedAgainstTheSystemStoreWithoutCacert() {
        CliRun r = CliRun.run("kv", "-p", Integer.toString(kv.port()), "--id", "alice", "--password-file",
                pw.toString(), "--data-dir", dir.resolve("empty").toString(), "get", "a");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("TLS failed");
    }

    @Test
    void theDataDirectoryCertificateIsTrustedByDefault() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("tls"));
        Files.copy(KvServerExtension.caCert(), data.resolve("tls/server.crt"));
        CliRun r = CliRun.run("kv", "-p", Integer.toString(kv.port()), "--id", "alice", "--password-file",
                pw.toString(), "--data-dir", data.toString(), "put", "a", "b");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void insecureWarnsLoudly() {
        CliRun r = CliRun.run("kv", "-p", Integer.toString(kv.port()), "--id", "alice", "--password-file",
                pw.toString(), "--data-dir", dir.resolve("empty").toString(), "--insecure", "put", "a", "b");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("WARNING", "NOT checked");
    }

    @Test
    void theVariableGivesThePassword() {
        List<String> base = List.of("kv", "-p", Integer.toString(kv.port()), "--id", "envy",
                "--cacert", KvServerExtension.caCert().toString(), "--password-env", "PATH");
        List<String> put = new ArrayList<>(base);
        put.addAll(List.of("put", "a", "b"));
        assertThat(CliRun.run(put.toArray(new String[0])).code()).isZero();
        List<String> unset = new ArrayList<>(base);
        unset.set(unset.size() - 1, "COURIER_TEST_SURELY_UNSET_VARIABLE");
        unset.addAll(List.of("get", "a"));
        CliRun r = CliRun.run(unset.toArray(new String[0]));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("COURIER_TEST_SURELY_UNSET_VARIABLE");
    }

    @Test
    void withoutTerminalOrPasswordFlagItSaysSo() {
        CliRun r = CliRun.run("kv", "-p", Integer.toString(kv.port()), "--cacert",
                KvServerExtension.caCert().toString(), "get", "a");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--password-env", "--password-file");
    }

    @Test
    void aTerminalIsAskedForThePassword() {
        List<String> prompts = new ArrayList<>();
        CliRun r = CliRun.withInput("", text -> {
            prompts.add(text);
            return "pw".toCharArray();
        }, "kv", "-p", Integer.toString(kv.port()), "--id", "tom", "--cacert", KvServerExtension.caCert().toString(),
                "put", "a", "b");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(prompts).singleElement().asString().contains("tom@127.0.0.1:" + kv.port());
    }

    @Test
    void aLineFeedInAKeyIsAUsageError() {
        assertThat(kv("get", "a\nb").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void nobodyListeningIsStatus3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = kvAt(port, "alice", "get", "a");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("cannot connect");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aCrcMismatchIsStatus3() throws Exception {
        try (FakeKvServer fake = FakeKvServer.start(line -> "GET value\n12345\n")) {
            CliRun r = kvAt(fake.port(), "alice", "get", "a");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("CRC");
        }
    }

    @Test
    void aDroppedConnectionIsStatus3() throws Exception {
        try (FakeKvServer fake = FakeKvServer.start(line -> null)) {
            CliRun r = kvAt(fake.port(), "alice", "delete", "a");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("closed the connection");
        }
    }

    @Test
    void anAnswerOutsideTheProtocolIsStatus3() throws Exception {
        try (FakeKvServer fake = FakeKvServer.start(line -> "WHAT\n")) {
            CliRun r = kvAt(fake.port(), "alice", "delete", "a");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("WHAT");
        }
    }
}
