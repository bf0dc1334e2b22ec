package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.serve.RunningServe;
import dev.courier.core.tls.CertificateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every client command (kv, mail, send, bench, bench-mail) against a port nobody listens on, a host that does not exist, a real
 * server whose certificate it does not trust, and a server that never answers: one line on standard error each,
 * exit status 3, never a Java exception chain. Also: bench trusts the local server's certificate as the others do.
 */
class ClientFailuresTest {
    /** A name that never resolves (RFC 6761). */
    private static final String NO_HOST = "host.invalid";

    @TempDir
    static Path dir;

    private static RunningServe serve;
    private static Path data;
    private static Path otherCa;
    private static Path pw;
    private static int closedPort;
    private static ServerSocket silent;
    private static final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("data");
        pw = dir.resolve("pw");
        Files.writeString(pw, "secret\n");
        serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0", "--mail-port", "0",
                "--transfer-port", "0", "--transfer-tls");
        otherCa = CertificateStore.selfSigned(dir.resolve("other")).certFile();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // Accepts and keeps every connection without a byte in either direction.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-server");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws Exception {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
        if (serve != null) {
            assertThat(serve.stop()).isZero();
        }
    }

    private static CliRun kv(String host, int port, String... extra) {
        List<String> a = new ArrayList<>(List.of("kv", "--data-dir", data.toString(), "-h", host, "-p", "" + port,
                "--id", "alice", "--password-file", pw.toString(), "--timeout", "1s"));
        a.addAll(List.of(extra));
        a.addAll(List.of("get", "k"));
        return CliRun.run(a.toArray(String[]::new));
    }

    private static CliRun mail(String host, int port, String... extra) {
        List<String> a = new ArrayList<>(List.of("mail", "--data-dir", data.toString(), "-h", host, "-p", "" + port,
                "--user", "alice", "--password-file", pw.toString(), "--timeout", "1s"));
        a.addAll(List.of(extra));
        a.add("count");
        return CliRun.run(a.toArray(String[]::new));
    }

    private static CliRun send(String host, int port, String... extra) {
        List<String> a = new ArrayList<>(List.of("send", "--timeout", "1s"));
        a.addAll(List.of(extra));
        a.addAll(List.of(host + ":" + port, "--text", "hi"));
        return CliRun.run(a.toArray(String[]::new));
    }

    private static CliRun bench(String host, int port, String... extra) {
        List<String> a = new ArrayList<>(List.of("bench", "--data-dir", data.toString(), "-h", host, "-p",
                "" + port, "-n", "20", "-c", "1", "-q"));
        a.addAll(List.of(extra));
        return CliRun.run(a.toArray(String[]::new));
    }

    private static CliRun benchMail(String host, int port, String... extra) {
        List<String> a = new ArrayList<>(List.of("bench-mail", "--data-dir", data.toString(), "-h", host, "-p",
                "" + port, "-c", "1", "--duration", "1s", "--warmup", "0s"));
        a.addAll(List.of(extra));
        return CliRun.run(a.toArray(String[]::new));
    }

    /** Status 3 and one line on standard error (warnings of --insecure and the like aside), starting so. */
    private static void oneLine(CliRun r, String start) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.FAILURE);
        List<String> lines = new ArrayList<>(List.of(r.errLines()));
        lines.removeIf(l -> l.startsWith("WARNING:"));
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith(start).doesNotContain("Exception", "java.", "io.netty", "\tat ",
                "finishConnect", "error(-");
    }

    @Test
    void nothingListening() {
        String at = "127.0.0.1:" + closedPort + ": connection refused";
        oneLine(kv("127.0.0.1", closedPort), "courier kv get: cannot connect to " + at + " (is courier serve running?)");
        oneLine(mail("127.0.0.1", closedPort),
                "courier mail count: cannot connect to " + at + " (is courier serve running?)");
        oneLine(send("127.0.0.1", closedPort),
                "courier send: cannot connect to " + at + " (is courier serve or courier receive running?)");
        oneLine(bench("127.0.0.1", closedPort),
                "courier bench: cannot connect to " + at + " (is courier serve running?)");
        oneLine(benchMail("127.0.0.1", closedPort),
                "courier bench-mail: cannot connect to " + at + " (is courier serve running?)");
        assertThat(kv("127.0.0.1", closedPort).err()).isEqualTo("courier kv get: cannot connect to " + at
                + " (is courier serve running?)\n");
    }

    @Test
    void anUnknownHost() {
        int kvPort = serve.services().kv().port();
        oneLine(kv(NO_HOST, kvPort), "courier kv get: cannot connect to " + NO_HOST + ":" + kvPort + ": unknown host "
                + NO_HOST);
        int mailPort = serve.services().mail().port();
        oneLine(mail(NO_HOST, mailPort), "courier mail count: cannot connect to " + NO_HOST + ":" + mailPort
                + ": unknown host " + NO_HOST);
        int transferPort = serve.services().transfer().port();
        oneLine(send(NO_HOST, transferPort, "--tls"), "courier send: cannot connect to " + NO_HOST + ":"
                + transferPort + ": unknown host " + NO_HOST);
        oneLine(bench(NO_HOST, kvPort), "courier bench: cannot connect to " + NO_HOST + ":" + kvPort
                + ": unknown host " + NO_HOST);
        oneLine(benchMail(NO_HOST, mailPort), "courier bench-mail: cannot connect to " + NO_HOST + ":" + mailPort
                + ": unknown host " + NO_HOST);
    }

    @Test
    void aCertificateItDoesNotTrust() {
        String ca = otherCa.toString();
        oneLine(kv("127.0.0.1", serve.services().kv().port(), "--cacert", ca), "courier kv get: TLS failed: ");
        oneLine(mail("127.0.0.1", serve.services().mail().port(), "--cacert", ca), "courier mail count: TLS failed: ");
        int transferPort = serve.services().transfer().port();
        oneLine(send("127.0.0.1", transferPort, "--tls", "--cacert", ca),
                "courier send: TLS failed with 127.0.0.1:" + transferPort + ": ");
        int kvPort = serve.services().kv().port();
        oneLine(bench("127.0.0.1", kvPort, "--cacert", ca), "courier bench: TLS failed with 127.0.0.1:" + kvPort
                + ": ");
        int mailPort = serve.services().mail().port();
        oneLine(benchMail("127.0.0.1", mailPort, "--cacert", ca), "courier bench-mail: TLS failed with 127.0.0.1:"
                + mailPort + ": ");
    }

    @Test
    void aServerThatNeverAnswers() {
        int port = silent.getLocalPort();
        oneLine(kv("127.0.0.1", port), "courier kv get: no answer from 127.0.0.1:" + port + " within 1 s");
        oneLine(mail("127.0.0.1", port), "courier mail count: no answer from 127.0.0.1:" + port + " within 1 s");
        oneLine(mail("127.0.0.1", port, "--plaintext"),
                "courier mail count: no answer from 127.0.0.1:" + port + " within 1 s");
        oneLine(send("127.0.0.1", port), "courier send: no reply within 1000 ms");
        oneLine(send("127.0.0.1", port, "--tls"), "courier send: no TLS handshake from 127.0.0.1:" + port
                + " within 1000 ms");
    }

    @Test
    void aReceiverOnATakenPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path inbox = dir.resolve("inbox");
            CliRun r = CliRun.run("receive", "--port", "" + port, "--dir", inbox.toString(), "--count", "1");
            oneLine(r, "courier receive: cannot receive on 127.0.0.1:" + port + " into " + inbox + ": address already "
                    + "in use (another program listens on that port)");
        }
    }

    @Test
    void benchTrustsTheLocalServersCertificateWithoutCacert() {
        CliRun r = bench("127.0.0.1", serve.services().kv().port(), "-t", "put");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("PUT: ").contains("requests per second");
    }

    @Test
    void aNetworkFailureACommandLetThroughIsStillOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = Io.of(InputStream.nullInputStream(), new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandLine cl = Cli.commandLine(io);
        int code = ErrorHandlers.execution(new ExecutionException(new RuntimeException("General OpenSslEngine problem",
                new SSLHandshakeException("unable to find valid certification path"))), cl, null);
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("courier: TLS failed with the "
                + "server: unable to find valid certification path (is --cacert the server's certificate, and does it "
                + "name the host you gave?)\n");
    }
}
