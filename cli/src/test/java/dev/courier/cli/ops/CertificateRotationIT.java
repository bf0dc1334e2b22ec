package dev.courier.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.cli.attack.ServerProcess;
import dev.courier.core.tls.CertificateStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the certificate of a running {@code courier serve} is rotated with SIGHUP: the connection opened before
 * keeps working, a new {@code openssl s_client} sees the new certificate, and a broken key is refused with the old
 * certificate still served.
 */
class CertificateRotationIT {
    @TempDir
    Path dir;

    private static String opensslFingerprint(int port) throws Exception {
        Process sc = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port)
                .redirectErrorStream(true).start();
        sc.getOutputStream().close();
        String out = new String(sc.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(sc.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Process x = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256").start();
        try (OutputStream in = x.getOutputStream()) {
            in.write(out.getBytes(StandardCharsets.US_ASCII));
        }
        String print = new String(x.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(x.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return print.substring(print.indexOf('=') + 1);
    }

    private static SSLSocket kvConnection(int port, Path trusted) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateStore.readCertificates(trusted).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    /** A KV exchange on {@code s}: CONNECT with a fresh id and 32 hash bytes, answered {@code CONNECT: OK}. */
    private static String connect(SSLSocket s, String id) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(("CONNECT " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[32]);
        out.flush();
        return readLine(s.getInputStream());
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("closed after '" + b + "'");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static void hup(ServerProcess p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor()).isZero();
    }

    @Test
    void sighupServesANewCertificateToNewConnectionsAndRefusesABrokenKey() throws Exception {
        Path live = dir.resolve("live");
        CertificateStore first = CertificateStore.selfSigned(live);
        Path cert = live.resolve(CertificateStore.CERT_FILE);
        Path key = live.resolve(CertificateStore.KEY_FILE);
        Path oldCa = Files.copy(cert, dir.resolve("old.crt"));
        try (ServerProcess p = ServerProcess.start(dir.resolve("data"), "--kv-port", "0", "--kv-rsa-port", "off",
                "--mail-port", "off", "--transfer-port", "off", "--tls-cert", cert.toString(), "--tls-key",
                key.toString(), "--tls-reload-interval", "0")) {
            int port = p.port("kv");
            assertThat(opensslFingerprint(port)).isEqualTo(first.fingerprint());
            SSLSocket open = kvConnection(port, oldCa);
            assertThat(connect(open, "before")).isEqualTo("CONNECT: OK");

            CertificateStore second = CertificateStore.selfSigned(dir.resolve("second"));
            Files.copy(second.keyFile(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.certFile(), cert, StandardCopyOption.REPLACE_EXISTING);
            hup(p);
            await().atMost(Duration.ofSeconds(10)).until(() -> p.log().contains("serving the new certificate"));
            assertThat(opensslFingerprint(port)).isEqualTo(second.fingerprint());
            // The connection made before the rotation still works.
            OutputStream out = open.getOutputStream();
            out.write("PUT k\nv\nGET k\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readLine(open.getInputStream())).isEqualTo("PUT: OK");
            assertThat(readLine(open.getInputStream())).startsWith("GET v");
            open.close();

            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
            hup(p);
            await().atMost(Duration.ofSeconds(10)).until(() -> p.log().contains("is refused"));
            assertThat(opensslFingerprint(port)).as("the good pair is still served").isEqualTo(second.fingerprint());
            try (SSLSocket later = kvConnection(port, second.certFile())) {
                assertThat(connect(later, "after")).isEqualTo("CONNECT: OK");
            }
            assertThat(p.alive()).isTrue();
        }
    }
}
