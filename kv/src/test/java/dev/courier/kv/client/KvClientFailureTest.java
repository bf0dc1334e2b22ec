package dev.courier.kv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.courier.core.testkit.TestCertificates;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.Wire;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec section 5, the client's side: anything the server should not say fails the call and drops the connection. */
class KvClientFailureTest {
    private static final byte[] HASH = Wire.hash(0x77);

    @TempDir
    Path dir;

    private static KvClientConfig config(int port) {
        return KvClientConfig.of("localhost", port, ClientTrust.caFile(KvServerExtension.caCert()), "c", HASH)
                .withTimeout(Duration.ofSeconds(10));
    }

    private static ScriptedTlsServer serve(ScriptedTlsServer.Script script) throws Exception {
        return ScriptedTlsServer.start(KvServerExtension.certificates(), script);
    }

    /** A server that accepts CONNECT, reads one request line, and answers it with {@code answer}. */
    private static ScriptedTlsServer answering(String answer) throws Exception {
        return serve(p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            p.readLine();
            p.send(answer);
            assertThat(p.clientClosed()).as("the client drops the connection").isTrue();
        });
    }

    private static KvException.Reason reasonOf(ThrowingCall call) {
        KvException e = catchThrowableOfType(KvException.class, call::run);
        assertThat(e).as("a KvException").isNotNull();
        return e.reason();
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aServerThatNeverShakesHandsIsATimeoutWithinTheClientsTimeout() throws Exception {
        // A TCP listener that accepts and says nothing: the TLS handshake never completes.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            // The future itself, not KvClient's wait: the handshake's own timeout must say "timeout".
            ExecutionException e = catchThrowableOfType(ExecutionException.class,
                    () -> KvAsyncClient.connect(config(silent.getLocalPort()).withTimeout(Duration.ofMillis(300)))
                            .get(10, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOfSatisfying(KvException.class,
                    k -> assertThat(k.reason()).isEqualTo(KvException.Reason.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the client's timeout, not Netty's 10 s")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aGetWhoseCrcDoesNotMatchFailsAndDropsTheConnection() throws Exception {
        try (ScriptedTlsServer s = answering("GET v\n" + (Long.parseLong(Wire.crc("v")) + 1) + "\n");
             KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.get("k"))).isEqualTo(KvException.Reason.CRC_MISMATCH);
            await().until(() -> !c.async().isOpen());
            s.awaitScript();
            assertThat(reasonOf(() -> c.get("k"))).as("later calls fail too").isEqualTo(KvException.Reason.CRC_MISMATCH);
        }
    }

    @Test
    void aGetWithTheRightCrcSucceeds() throws Exception {
        try (ScriptedTlsServer s = serve(p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            p.readLine();
            p.send("GET v a\r\n" + Wire.crc("v a\r") + "\n");
            p.readLine();
            p.send("GET: ERROR\n");
        }); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(c.get("k")).contains("v a\r");
            assertThat(c.get("missing")).isEmpty();
            s.awaitScript();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT: ok\n", "PUT: OK \n", "PUT: OK\r\n", "GET v\n1\n", "DELETE: OK\n", "\n",
        "CONNECT: OK\n"})
    void anAnswerThatDoesNotFitThePutIsUnexpected(String answer) throws Exception {
        try (ScriptedTlsServer s = answering(answer); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.put("k", "v"))).isEqualTo(KvException.Reason.UNEXPECTED_REPLY);
            await().until(() -> !c.async().isOpen());
            s.awaitScript();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET: OK\n", "GETv\n1\n", "GET v\n-1\n", "GET v\n4294967296\n", "GET v\n 1\n",
        "GET v\nx\n", "PUT: OK\n", "GET: ERROR \n"})
    void anAnswerThatDoesNotFitTheGetIsUnexpected(String answer) throws Exception {
        try (ScriptedTlsServer s = answering(answer); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.get("k"))).isEqualTo(KvException.Reason.UNEXPECTED_REPLY);
            s.awaitScript();
        }
    }

    @Test
    void anAnswerNobodyAskedForIsUnexpected() throws Exception {
        try (ScriptedTlsServer s = serve(p -> {
            p.readConnect();
            p.send("CONNECT: OK\nPUT: OK\n");
            assertThat(p.clientClosed()).isTrue();
        }); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.put("k", "v"))).isEqualTo(KvException.Reason.UNEXPECTED_REPLY);
            s.awaitScript();
        }
    }

    @Test
    void anAnswerOverTheSizeLimitIsUnexpected() throws Exception {
        try (ScriptedTlsServer s = answering("GET " + Wire.repeat('v', 4093) + "\n0\n");
             KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.get("k"))).isEqualTo(KvException.Reason.UNEXPECTED_REPLY);
            s.awaitScript();
        }
    }

    @Test
    void putAndDeleteErrorsFailTheCallButKeepTheConnection() throws Exception {
        try (ScriptedTlsServer s = serve(p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            p.readLine();
            p.readLine();
            p.send("PUT: ERROR\n");
            p.readLine();
            p.send("DELETE: ERROR\n");
            p.readLine();
            p.readLine();
            p.send("PUT: OK\n");
        }); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.put("k", "v"))).isEqualTo(KvException.Reason.PUT_REFUSED);
            assertThat(reasonOf(() -> c.delete("k"))).isEqualTo(KvException.Reason.DELETE_REFUSED);
            c.put("k", "v");
            s.awaitScript();
        }
    }

    @Test
    void connectErrorIsConnectRefused() throws Exception {
        try (ScriptedTlsServer s = serve(p -> {
            assertThat(p.readConnect()).isEqualTo("CONNECT c\n");
            p.send("CONNECT: ERROR\n");
            p.close();
        })) {
            assertThat(reasonOf(() -> KvClient.connect(config(s.port())))).isEqualTo(KvException.Reason.CONNECT_REFUSED);
            s.awaitScript();
        }
    }

    @Test
    void aServerClosingMidAnswerIsConnectionClosed() throws Exception {
        try (ScriptedTlsServer s = serve(p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            p.readLine();
            p.send("GET v\n");
            p.close();
        }); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.get("k"))).isEqualTo(KvException.Reason.CONNECTION_CLOSED);
            s.awaitScript();
        }
    }

    @Test
    void aServerClosingMidLineIsConnectionClosed() throws Exception {
        try (ScriptedTlsServer s = serve(p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            p.readLine();
            p.readLine();
            p.send("PUT: O");
            p.close();
        }); KvClient c = KvClient.connect(config(s.port()))) {
            assertThat(reasonOf(() -> c.put("k", "v"))).isEqualTo(KvException.Reason.CONNECTION_CLOSED);
            s.awaitScript();
        }
    }

    @Test
    void aCertificateTheClientDoesNotTrustIsATlsFailure() throws Exception {
        try (ScriptedTlsServer s = serve(p -> p.readConnect())) {
            KvClientConfig systemTrust = KvClientConfig.of("localhost", s.port(), ClientTrust.system(), "c", HASH)
                    .withTimeout(Duration.ofSeconds(10));
            assertThat(reasonOf(() -> KvClient.connect(systemTrust))).isEqualTo(KvException.Reason.TLS);
        }
    }

    @Test
    void aCertificateForAnotherHostIsATlsFailure() throws Exception {
        CertificateStore other = TestCertificates.forName(dir, "not-localhost.example");
        try (ScriptedTlsServer s = ScriptedTlsServer.start(other, p -> p.readConnect())) {
            KvClientConfig trustsIt = KvClientConfig.of("localhost", s.port(), ClientTrust.caFile(other.certFile()),
                    "c", HASH).withTimeout(Duration.ofSeconds(10));
            assertThat(reasonOf(() -> KvClient.connect(trustsIt))).isEqualTo(KvException.Reason.TLS);
        }
    }

    @Test
    void theSameKindOfCertificateForLocalhostIsAccepted() throws Exception {
        CertificateStore mine = TestCertificates.forName(dir, "localhost");
        try (ScriptedTlsServer s = ScriptedTlsServer.start(mine, p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            assertThat(p.clientClosed()).isTrue();
        })) {
            KvClientConfig trustsIt = KvClientConfig.of("localhost", s.port(), ClientTrust.caFile(mine.certFile()),
                    "c", HASH).withTimeout(Duration.ofSeconds(10));
            KvClient.connect(trustsIt).close();
            s.awaitScript();
        }
    }

    @Test
    void trustAllSkipsTheChecks() throws Exception {
        CertificateStore other = TestCertificates.forName(dir, "not-localhost.example");
        try (ScriptedTlsServer s = ScriptedTlsServer.start(other, p -> {
            p.readConnect();
            p.send("CONNECT: OK\n");
            assertThat(p.clientClosed()).isTrue();
        })) {
            KvClient.connect(KvClientConfig.of("localhost", s.port(), ClientTrust.trustAll(), "c", HASH)).close();
            s.awaitScript();
        }
    }
}
