package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.cli.Cli;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import dev.courier.kv.server.KvAuthMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.rsa.KvRsaClient;
import picocli.CommandLine;

class ServeCommandTest {
    private static final byte[] PW_HASH = Pbkdf2.kvHash("pw".toCharArray(), Pbkdf2.testSalt());

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ServeCommand serve;
    private Future<Integer> exit;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.stop();
            exit.get(30, TimeUnit.SECONDS);
        }
        executor.shutdownNow();
    }

    private Services start(String... args) throws Exception {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandLine cl = Cli.commandLine(io);
        serve = (ServeCommand) cl.getSubcommands().get("serve").getCommand();
        // Transfer and mail are on by default, on fixed ports: off unless a test asks for them.
        java.util.List<String> given = java.util.Arrays.asList(args);
        String[] all = concat(new String[] {"serve"}, args);
        if (!given.contains("--transfer-port")) {
            all = concat(all, "--transfer-port", "off");
        }
        if (!given.contains("--mail-port")) {
            all = concat(all, "--mail-port", "off");
        }
        String[] argv = all;
        exit = executor.submit(() -> cl.execute(argv));
        return serve.started().get(30, TimeUnit.SECONDS);
    }

    private static KvClient client(int port, Path ca, String id, byte[] hash) throws KvException {
        return KvClient.connect(KvClientConfig.of("127.0.0.1", port, ClientTrust.caFile(ca), id, hash));
    }

    @Test
    void servesKvOnAFreePortWithASelfSignedCertificateUntilStopped() throws Exception {
        Path data = dir.resolve("data");
        Services s = start("--data-dir", data.toString(), "--kv-port", "0");
        int port = s.kv().port();
        assertThat(port).isPositive();
        Path cert = data.resolve("tls/server.crt");
        assertThat(cert).exists();
        assertThat(s.kv().mode()).isEqualTo(KvAuthMode.OPEN);
        try (KvClient c = client(port, cert, "alice", PW_HASH)) {
            c.put("k", "v");
            assertThat(c.get("k")).contains("v");
        }
        serve.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        serve = null;
        assertThatThrownBy(() -> client(port, cert, "alice", PW_HASH)).isInstanceOf(KvException.class);
    }

    @Test
    void ioThreadsSetsTheEventLoopsOfTheServicesItStarts() throws Exception {
        try {
            Services s = start("--data-dir", dir.resolve("data").toString(), "--kv-port", "0", "--io-threads", "1");
            assertThat(Transport.defaultThreads()).isEqualTo(1);
            try (KvClient c = client(s.kv().port(), dir.resolve("data/tls/server.crt"), "io", PW_HASH)) {
                c.put("k", "v");
                assertThat(c.get("k")).contains("v");
            }
        } finally {
            System.clearProperty(Transport.THREADS_PROPERTY);
        }
        assertThat(CliRun.run("serve", "--io-threads", "-1").err()).contains("--io-threads must be 0");
        assertThat(CliRun.run("serve", "--io-threads", "100000").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void kvDialectRecordAppliesToTheTlsAndTheRsaListeners() throws Exception {
        Path data = dir.resolve("data");
        Services s = start("--data-dir", data.toString(), "--kv-port", "0", "--kv-rsa-port", "0",
                "--kv-dialect", "record");
        KvClientConfig record = KvClientConfig.of("127.0.0.1", s.kv().port(),
                ClientTrust.caFile(data.resolve("tls/server.crt")), "rec", PW_HASH).withDialect(KvDialect.RECORD);
        try (KvClient c = KvClient.connect(record)) {
            c.put("k", "v");
            assertThat(c.get("k")).contains("v");
        }
        // The same server does not speak lines: a client of the LF dialect gets no CONNECT answer it can read.
        assertThatThrownBy(() -> KvClient.connect(KvClientConfig.of("127.0.0.1", s.kv().port(),
                ClientTrust.caFile(data.resolve("tls/server.crt")), "lf", PW_HASH)
                .withTimeout(java.time.Duration.ofSeconds(5)))).isInstanceOf(KvException.class);
        try (KvClient c = KvRsaClient.connect(KvRsaClient.config("127.0.0.1", s.kvRsa().port(), "rsa")
                .withDialect(KvDialect.RECORD))) {
            c.put("k", "v");
            assertThat(c.get("k")).contains("v");
        }
    }

    @Test
    void theCliClientFindsTheCertificateInTheDataDirectory() throws Exception {
        Path data = dir.resolve("data");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "pw\n");
        int port = start("--data-dir", data.toString(), "--kv-port", "0").kv().port();
        String[] conn = {"kv", "--data-dir", data.toString(), "-p", Integer.toString(port), "--id", "bob",
            "--password-file", pw.toString()};
        CliRun put = CliRun.run(concat(conn, "put", "a", "b"));
        assertThat(put.code()).as(put.err()).isZero();
        Awaitility.await().until(() -> serve.started().get().kv().openConnections() == 0);
        CliRun get = CliRun.run(concat(conn, "get", "a"));
        assertThat(get.code()).as(get.err()).isZero();
        assertThat(get.out()).isEqualTo("b\n");
    }

    @Test
    void accountsModeAdmitsWhomUserAddAddsEvenWhileRunning() throws Exception {
        Path data = dir.resolve("data");
        assertThat(CliRun.withInput("pw\n", null, "kv", "user", "add", "alice", "--data-dir", data.toString())
                .code()).isZero();
        Services s = start("--data-dir", data.toString(), "--kv-port", "0", "--kv-mode", "accounts",
                "--kv-throttle-failures", "1000");
        Path cert = data.resolve("tls/server.crt");
        assertThat(s.kv().mode()).isEqualTo(KvAuthMode.ACCOUNTS);
        try (KvClient c = client(s.kv().port(), cert, "alice", PW_HASH)) {
            c.put("k", "v");
        }
        assertThatThrownBy(() -> client(s.kv().port(), cert, "carol", PW_HASH)).isInstanceOf(KvException.class)
                .extracting(e -> ((KvException) e).reason()).isEqualTo(KvException.Reason.CONNECT_REFUSED);
        assertThat(CliRun.withInput("pw\n", null, "kv", "user", "add", "carol", "--data-dir", data.toString())
                .code()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> {
                    client(s.kv().port(), cert, "carol", PW_HASH).close();
                    return true;
                });
    }

    @Test
    void presentsTheCertificateGiven() throws Exception {
        Path tls = dir.resolve("own");
        CertificateStore own = CertificateStore.selfSigned(tls);
        Path data = dir.resolve("data");
        Services s = start("--data-dir", data.toString(), "--kv-port", "0",
                "--tls-cert", tls.resolve("server.crt").toString(), "--tls-key", tls.resolve("server.key").toString());
        assertThat(s.kv().config().certificates().fingerprint()).isEqualTo(own.fingerprint());
        assertThat(data.resolve("tls")).doesNotExist();
        try (KvClient c = client(s.kv().port(), tls.resolve("server.crt"), "dan", PW_HASH)) {
            c.put("k", "v");
        }
    }

    @Test
    void aPortInUseIsStatus3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.run("serve", "--data-dir", dir.toString(), "--transfer-port", "off", "--mail-port",
                    "off", "--kv-port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("cannot start kv");
        }
    }

    @Test
    void theRsaEditionIsRefusedInAccountsModeWithStatus3() {
        Path data = dir.resolve("data");
        assertThat(CliRun.withInput("pw\n", null, "kv", "user", "add", "alice", "--data-dir", data.toString())
                .code()).isZero();
        // Auto mode turns into accounts mode once an account exists.
        CliRun r = CliRun.run("serve", "--data-dir", data.toString(), "--kv-port", "0", "--kv-rsa-port", "0",
                "--transfer-port", "off");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("--kv-rsa-port", "accounts mode", "no password");
    }

    @Test
    void servesTransferIntoTheTransferDirectory() throws Exception {
        Path inbox = dir.resolve("in box");
        Services s = start("--data-dir", dir.resolve("data").toString(), "--kv-port", "off", "--transfer-port", "0",
                "--transfer-dir", inbox.toString());
        assertThat(s.kv()).isNull();
        Path file = Files.writeString(dir.resolve("report.txt"), "numbers");
        CliRun sent = CliRun.run("send", "127.0.0.1:" + s.transfer().port(), file.toString(), "--text", "hi");
        assertThat(sent.code()).as(sent.err()).isZero();
        assertThat(inbox.resolve("report.txt")).hasContent("numbers");
        assertThat(s.transfer().stats().messages.sum()).isEqualTo(2);
    }

    @Test
    void transferOverTlsUsesTheKvCertificate() throws Exception {
        Path data = dir.resolve("data");
        Services s = start("--data-dir", data.toString(), "--kv-port", "0", "--transfer-port", "0",
                "--transfer-tls", "--transfer-dir", dir.resolve("in").toString());
        String target = "localhost:" + s.transfer().port();
        CliRun sent = CliRun.run("send", "--tls", "--cacert", data.resolve("tls/server.crt").toString(), target,
                "--text", "secret");
        assertThat(sent.code()).as(sent.err()).isZero();
        CliRun plain = CliRun.run("send", target, "--text", "secret", "--timeout", "5s");
        assertThat(plain.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(plain.err()).contains("add --tls");
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
