package dev.courier.cli.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.core.tls.CertificateStore;
import dev.courier.mail.protocol.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courier mail} against servers that fail it in every way but the protocol's: nothing listening, a
 * certificate it does not trust, a server that closes at once, one that answers nonsense, one that refuses the
 * connection with ERR:limit, and input it cannot read. Each is one line on standard error, no Java exception.
 */
class MailClientFailuresTest {
    @TempDir
    Path dir;

    private CliRun mail(int port, String... extra) throws IOException {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "secret\n");
        List<String> args = new ArrayList<>(List.of("mail", "--data-dir", dir.resolve("data").toString(), "-p",
                Integer.toString(port), "--user", "alice", "--password-file", pw.toString(), "--timeout", "5s"));
        args.addAll(List.of(extra));
        args.add("count");
        return CliRun.run(args.toArray(String[]::new));
    }

    private static void assertOneCleanLine(CliRun r, int code, String expected) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        List<String> lines = new ArrayList<>(List.of(r.errLines()));
        lines.removeIf(l -> l.startsWith("WARNING:"));
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines.get(0)).contains(expected)
                .doesNotContain("Exception", "java.", "io.netty", "\tat ");
    }

    /** A server on a free port that does {@code with} to each of its first connections. */
    private static ServerSocket server(Consumer<Socket> with) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    with.accept(s);
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-mail-server");
        t.setDaemon(true);
        t.start();
        return ss;
    }

    @Test
    void nothingListening() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        assertOneCleanLine(mail(port, "--plaintext"), ExitCodes.FAILURE, "cannot connect to 127.0.0.1:" + port);
        assertOneCleanLine(mail(port), ExitCodes.FAILURE, "cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void aCertificateItDoesNotTrust() throws Exception {
        Path other = dir.resolve("other-tls");
        CertificateStore.selfSigned(other);
        // A plain TCP server that is no TLS server: the handshake fails.
        try (ServerSocket ss = server(s -> write(s, "hello\n"))) {
            assertOneCleanLine(mail(ss.getLocalPort(), "--cacert", other.resolve("server.crt").toString()),
                    ExitCodes.FAILURE, "TLS failed");
        }
    }

    @Test
    void aServerThatClosesAtOnce() throws Exception {
        try (ServerSocket ss = server(s -> { })) {
            assertOneCleanLine(mail(ss.getLocalPort(), "--plaintext"), ExitCodes.FAILURE,
                    "the server closed the connection");
            // Over TLS the close races the ClientHello: the handshake fails, or the client sees the close first.
            CliRun tls = mail(ss.getLocalPort());
            assertOneCleanLine(tls, ExitCodes.FAILURE, tls.err().contains("TLS failed") ? "TLS failed"
                    : "the server closed the connection");
        }
    }

    @Test
    void aServerThatAnswersNonsense() throws Exception {
        try (ServerSocket ss = server(s -> {
            read(s);
            write(s, new String(Wire.line("Session Started:not-an-id"), java.nio.charset.StandardCharsets.UTF_8));
        })) {
            assertOneCleanLine(mail(ss.getLocalPort(), "--plaintext"), ExitCodes.FAILURE, "unexpected reply to login");
        }
        try (ServerSocket ss = server(s -> {
            read(s);
            write(s, "\u0000\u00ff garbage without a checksum\n");
        })) {
            assertOneCleanLine(mail(ss.getLocalPort(), "--plaintext"), ExitCodes.FAILURE, "checksum");
        }
    }

    @Test
    void aServerThatRefusesTheConnection() throws Exception {
        // What a mail server over its connection limits says before it closes.
        try (ServerSocket ss = server(s -> write(s, new String(Wire.line("ERR:limit:too many connections from your "
                + "address; try again later"), java.nio.charset.StandardCharsets.UTF_8)))) {
            assertOneCleanLine(mail(ss.getLocalPort(), "--plaintext"), ExitCodes.REFUSED,
                    "limit reached: too many connections from your address; try again later");
        }
    }

    @Test
    void inputItCannotRead() throws Exception {
        CliRun r = CliRun.run("mail", "--data-dir", dir.resolve("data").toString(), "--plaintext", "-p", "1",
                "--user", "alice", "--password-file", dir.resolve("missing").toString(), "count");
        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        CliRun body = CliRun.run("mail", "--data-dir", dir.resolve("data").toString(), "--plaintext", "-p", "1",
                "--user", "alice", "--password-file", dir.resolve("missing").toString(), "send", "--to", "bob",
                "--subject", "s", "--body-file", dir.resolve("no-such-body").toString());
        assertThat(body.code()).as(body.err()).isNotZero();
        assertThat(body.err()).doesNotContain("Exception", "\tat ");
    }

    private static void write(Socket s, String text) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the client went away first
        }
    }

    private static void read(Socket s) {
        try {
            int c;
            while ((c = s.getInputStream().read()) >= 0 && c != '\n') {
                // up to the end of the request line
            }
        } catch (IOException e) {
            // the client went away first
        }
    }
}
