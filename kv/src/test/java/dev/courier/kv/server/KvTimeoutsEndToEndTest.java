package dev.courier.kv.server;

import static dev.courier.kv.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 7's timeouts, set to a few hundred milliseconds. */
class KvTimeoutsEndToEndTest {
    private static final Duration IDLE = Duration.ofMillis(1000);
    private static final Duration DEADLINE = Duration.ofMillis(300);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withLimits(cfg.limits()
            .withIdleTimeout(IDLE).withHandshakeTimeout(DEADLINE)));

    @Test
    void anIdleConnectionIsClosedAndItsSessionDetachedForResume() throws Exception {
        byte[] hash = Wire.hash(9);
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("idle", hash);
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("PUT k\nkept\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        await().until(() -> kv.server().registry().detached() == 1);
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("idle", hash);
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET kept\n");
        }
    }

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
        assertThat(kv.server().registry().store().sessions()).isZero();
    }

    @Test
    void theConnectDeadlineEndsWithASuccessfulConnectAndKeepAliveTrafficKeepsTheConnection() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("busy", Wire.hash(1));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            // Ten commands 100 ms apart: well past the 300 ms deadline, never near the 1 s idle timeout.
            for (int i = 0; i < 10; i++) {
                Thread.sleep(100);
                r.send(bytes("GET k\n"));
                assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
            }
        }
    }
}
