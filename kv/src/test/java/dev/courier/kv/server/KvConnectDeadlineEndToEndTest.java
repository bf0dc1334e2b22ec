package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 7: the TLS handshake and a successful CONNECT must complete within a deadline. */
class KvConnectDeadlineEndToEndTest {
    /** Short, yet long enough for a TLS handshake on a loaded machine. */
    private static final Duration DEADLINE = Duration.ofMillis(1500);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withLimits(cfg.limits()
            .withHandshakeTimeout(DEADLINE)));

    @Test
    void aPlainTcpConnectionWithoutTlsIsClosed() throws Exception {
        try (Socket s = new Socket("localhost", kv.port())) {
            s.setSoTimeout(RawTlsConnection.SO_TIMEOUT_MILLIS);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        await().until(() -> kv.server().stats().timeouts.sum() == 1);
    }

    @Test
    void aTlsConnectionThatNeverConnectsIsClosed() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        // Closed by the CONNECT deadline or, on a slow machine, by the TLS handshake timeout: counted once.
        await().until(() -> kv.server().stats().timeouts.sum() == 1);
    }

    @Test
    void aConnectWithoutAllOfItsHashIsClosedWithoutAnswer() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.send("CONNECT partial\n").send(new byte[31]);
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        assertThat(kv.server().registry().table().sessions()).isZero();
    }

    @Test
    void aSuccessfulConnectEndsTheDeadline() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("in time", Wire.hash(1));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            Thread.sleep(DEADLINE.toMillis() * 3 / 2);
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        assertThat(kv.server().stats().timeouts.sum()).isZero();
    }
}
