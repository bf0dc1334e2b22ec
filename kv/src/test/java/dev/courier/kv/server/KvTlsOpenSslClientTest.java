package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS as an independent client sees it: OpenSSL's {@code s_client}. */
class KvTlsOpenSslClientTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @TempDir
    Path dir;

    @BeforeAll
    static void opensslRuns() {
        assumeTrue(opensslAvailable(), "openssl is not installed (CI installs it)");
    }

    @Test
    void aTls13SessionIsResumedWithItsTicket() throws Exception {
        Path session = dir.resolve("session.pem");
        String first = sClient("-tls1_3", "-sess_out", session.toString());
        assertThat(first).contains("New, TLSv1.3");
        assertThat(session).isNotEmptyFile();
        String second = sClient("-tls1_3", "-sess_in", session.toString());
        assertThat(second).contains("Reused, TLSv1.3");
    }

    @Test
    void aTls12SessionIsResumedById() throws Exception {
        Path session = dir.resolve("session12.pem");
        assertThat(sClient("-tls1_2", "-sess_out", session.toString())).contains("New, TLSv1.2");
        assertThat(sClient("-tls1_2", "-sess_in", session.toString())).contains("Reused, TLSv1.2");
    }

    @Test
    void tls11AndOlderAreRefused() throws Exception {
        // SECLEVEL=0 lets this OpenSSL offer the old versions at all; the server must still say no.
        for (String version : new String[] {"-tls1_1", "-tls1"}) {
            String out = sClient(version, "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(out).as(version).doesNotContain("New, TLSv1").contains("alert protocol version");
        }
    }

    /** Runs one s_client handshake against the server, waits for its session tickets, returns its output. */
    private String sClient(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + kv.port(),
                "-servername", "localhost", "-CAfile", KvServerExtension.caCert().toString(), "-nocommands"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out));
        reader.start();
        // The server sends its tickets with its first answer: open a session, then wait for them.
        int at = cmd.indexOf("-sess_out");
        Path sessionOut = at < 0 ? null : Path.of(cmd.get(at + 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean connectSent = false;
        while (System.nanoTime() < deadline && p.isAlive()) {
            String sofar;
            synchronized (out) {
                sofar = out.toString(StandardCharsets.UTF_8);
            }
            boolean ended = sofar.contains("Verify return code") || sofar.contains("alert");
            if (ended && !connectSent && p.isAlive() && !sofar.contains("alert")) {
                p.getOutputStream().write(Wire.concat(Wire.bytes("CONNECT resume\n"), Wire.hash('h')));
                p.getOutputStream().flush();
                connectSent = true;
            }
            ended &= connectSent ? sofar.contains("CONNECT: OK") : true;
            boolean saved = sessionOut == null || (Files.exists(sessionOut) && Files.size(sessionOut) > 0);
            if (ended && saved) {
                break;
            }
            Thread.sleep(50);
        }
        p.getOutputStream().close();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    private static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
