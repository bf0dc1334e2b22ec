package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's --kv-rsa-max-pem reaches the RSA edition's key exchange: a PEM key past it drops the connection. */
class KvRsaPemBoundTest {
    /** A PEM key that never ends: its BEGIN line, then 1,500 bytes of base64 lines. */
    private static final byte[] ENDLESS_PEM = ("-----BEGIN RSA PUBLIC KEY-----\n"
            + ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2\n").repeat(23))
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aKeyPastTheBoundIsDroppedAndUnderTheDefaultItIsStillAwaited() throws Exception {
        assertThat(ENDLESS_PEM.length).isBetween(1024 + 1, 16 * 1024 - 1);
        try (RunningServe small = RunningServe.start("--data-dir", dir.resolve("a").toString(), "--kv-port", "0",
                "--kv-rsa-port", "0", "--mail-port", "off", "--transfer-port", "off", "--kv-rsa-max-pem", "1KiB")) {
            assertThat(closedAfterSending(small.services().kvRsa().address())).isTrue();
            assertThat(small.stop()).isZero();
        }
        try (RunningServe dflt = RunningServe.start("--data-dir", dir.resolve("b").toString(), "--kv-port", "0",
                "--kv-rsa-port", "0", "--mail-port", "off", "--transfer-port", "off")) {
            assertThat(closedAfterSending(dflt.services().kvRsa().address())).isFalse();
            assertThat(dflt.stop()).isZero();
        }
    }

    /** Sends the endless key; true if the server closes the connection within 5 s, false if it keeps waiting. */
    private static boolean closedAfterSending(InetSocketAddress server) throws IOException {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.getOutputStream().write(ENDLESS_PEM);
            s.getOutputStream().flush();
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            try {
                return in.read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }
}
