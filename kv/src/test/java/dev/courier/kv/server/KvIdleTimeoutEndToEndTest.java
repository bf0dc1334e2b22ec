package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec sections 6 and 7: a silent connection is closed and its session detached, to be resumed. */
class KvIdleTimeoutEndToEndTest {
    private static final Duration IDLE = Duration.ofMillis(500);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withLimits(cfg.limits().withIdleTimeout(IDLE)));

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
        assertThat(kv.server().stats().timeouts.sum()).isEqualTo(1);
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("idle", hash);
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET kept\n");
        }
    }

    @Test
    void aConnectionIdleBeforeConnectIsClosed() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
    }

    @Test
    void trafficKeepsAConnectionOpen() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("busy", Wire.hash(1));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            // Fifteen commands 100 ms apart: three idle periods in all, never one without traffic.
            for (int i = 0; i < 15; i++) {
                Thread.sleep(100);
                r.send("GET k\n");
                assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
            }
        }
        assertThat(kv.server().stats().timeouts.sum()).isZero();
    }
}
