package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server against a client written with Python's {@code rsa} package, the library the edition's own program
 * used (resources/rsa/python_peer.py). Runs where python3 has that package; the OpenSSL and JDK-peer tests
 * cover the same ground everywhere.
 */
class PythonRsaPeerTest {
    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension();

    private static boolean pythonRsa() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import rsa").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void holdsTheOriginalProgramsStyleOfSession() throws Exception {
        Assumptions.assumeTrue(pythonRsa(), "python3 with the rsa package is not here");
        Process p = new ProcessBuilder("python3", RsaTestSupport.fixture("python_peer.py").toString(),
                Integer.toString(rsa.port()), "py").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("CONNECT: OK\nPUT: OK\nhello from python\nDISCONNECT: OK\n");
        assertThat(p.exitValue()).isZero();
        rsa.awaitSessions(0);
    }
}
