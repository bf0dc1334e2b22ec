package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-address caps: connections per address, and sessions created per address in open mode. */
class KvPerAddressEndToEndTest {
    private static final String ONE = "127.0.0.1";
    private static final String TWO = "127.0.0.2";

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withLimits(cfg.limits()
            .withMaxConnectionsPerAddress(2).withMaxSessionsPerAddress(2)));

    private RawTlsConnection connected(String from, String id) throws Exception {
        RawTlsConnection r = RawTlsConnection.openFrom(from, kv.port());
        r.connect(id, Wire.hash(id.hashCode()));
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        return r;
    }

    @Test
    void aThirdConnectionFromOneAddressIsClosedAtOnceWhileAnotherAddressIsServed() throws Exception {
        try (RawTlsConnection a = RawTlsConnection.openFrom(ONE, kv.port());
             RawTlsConnection b = RawTlsConnection.openFrom(ONE, kv.port())) {
            await().until(() -> kv.server().openConnections() == 2);
            try (Socket plain = new Socket(InetAddress.getByName(ONE), kv.port(), InetAddress.getByName(ONE), 0)) {
                plain.setSoTimeout(RawTlsConnection.SO_TIMEOUT_MILLIS);
                assertThat(plain.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
            }
            assertThat(kv.server().connectionLimiter().refusedPerAddress()).isEqualTo(1);
            try (RawTlsConnection c = connected(TWO, "other")) {
                c.send("PUT k\nv\n");
                assertThat(c.readLine()).isEqualTo("PUT: OK\n");
            }
            a.close();
            await().until(() -> kv.server().openConnections() == 1);
            try (RawTlsConnection d = connected(ONE, "again")) {
                assertThat(d.protocol()).startsWith("TLS");
            }
        }
    }

    @Test
    void aThirdSessionCreatedByOneAddressIsRefusedUntilOneIsErased() throws Exception {
        RawTlsConnection a = connected(ONE, "a");
        a.close();
        await().until(() -> kv.server().registry().detached() == 1);
        try (RawTlsConnection b = connected(ONE, "b")) {
            try (RawTlsConnection c = RawTlsConnection.openFrom(ONE, kv.port())) {
                c.connect("c", Wire.hash("c".hashCode()));
                assertThat(c.readLine()).as("a detached session still counts").isEqualTo("CONNECT: ERROR\n");
                assertThat(c.closedWithoutAnswer()).isTrue();
            }
            assertThat(kv.server().registry().createdBy(ONE)).isEqualTo(2);
            try (RawTlsConnection other = connected(TWO, "c")) {
                assertThat(kv.server().registry().createdBy(TWO)).isEqualTo(1);
            }
            try (RawTlsConnection resumed = connected(ONE, "a")) {
                assertThat(kv.server().registry().createdBy(ONE)).as("a resume is not a new session").isEqualTo(2);
                resumed.send("DISCONNECT\n");
                assertThat(resumed.readLine()).isEqualTo("DISCONNECT: OK\n");
            }
            await().until(() -> kv.server().registry().createdBy(ONE) == 1);
            try (RawTlsConnection d = connected(ONE, "d")) {
                d.send("PUT k\nv\n");
                assertThat(d.readLine()).isEqualTo("PUT: OK\n");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
