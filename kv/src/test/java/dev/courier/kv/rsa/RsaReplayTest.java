package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client session made entirely by OpenSSL (client-session.bin) replayed against the server holding OpenSSL's
 * key; the answers must decrypt, with the JDK and with OpenSSL, into what the spec says, piece by piece.
 */
class RsaReplayTest {
    private static final KeyPair CLIENT = RsaTestSupport.keys("client-1024.key.pem");
    private static final List<String> ANSWER_PIECES = List.of("CONNECT: OK\n", "PUT: OK\n", "hello, world\n",
            "PUT: OK\n", OpenSslInteropTest.LONG.substring(0, 117), OpenSslInteropTest.LONG.substring(117) + "\n",
            "DELETE: OK\n", "GET: ERROR\n", "DISCONNECT: OK\n");

    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension(UnaryOperator.identity(),
            RsaTestSupport.keys("server-512.key.pem"));

    /** Replays the session; returns the server's blocks, up to its close after DISCONNECT. */
    private byte[] replay() throws IOException {
        try (Socket s = new Socket("127.0.0.1", rsa.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(RsaTestSupport.bytes("client-1024.pub.pem"));
            InputStream in = s.getInputStream();
            byte[] pem = RsaTestSupport.bytes("server-512.pub.pem");
            assertThat(in.readNBytes(pem.length)).as("Courier's PEM is OpenSSL's, byte for byte").isEqualTo(pem);
            s.getOutputStream().write(RsaTestSupport.bytes("client-session.bin"));
            ByteArrayOutputStream answers = new ByteArrayOutputStream();
            in.transferTo(answers);
            return answers.toByteArray();
        }
    }

    @Test
    void answersOpenSslsSessionInBlocksTheJdkDecrypts() throws Exception {
        byte[] answers = replay();
        assertThat(answers.length).isEqualTo(ANSWER_PIECES.size() * 128);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < answers.length; i += 128) {
            pieces.add(RsaTestSupport.decryptAll(java.util.Arrays.copyOfRange(answers, i, i + 128), CLIENT));
        }
        assertThat(pieces).containsExactlyElementsOf(ANSWER_PIECES);
        rsa.awaitSessions(0);
    }

    @Test
    void answersOpenSslsSessionInBlocksOpenSslDecrypts() throws Exception {
        Assumptions.assumeTrue(RsaTestSupport.opensslAvailable(), "openssl is not on the PATH");
        byte[] answers = replay();
        assertThat(RsaTestSupport.opensslDecryptAll(answers, 128, RsaTestSupport.fixture("client-1024.key.pem")))
                .isEqualTo(String.join("", ANSWER_PIECES));
        assertThat(new String(answers, StandardCharsets.ISO_8859_1)).doesNotContain("CONNECT");
    }
}
