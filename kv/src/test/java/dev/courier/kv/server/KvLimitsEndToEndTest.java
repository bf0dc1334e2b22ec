package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 7: each limit, configured small, and what passing it does. */
class KvLimitsEndToEndTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withLimits(cfg.limits()
            .withMaxConnections(3).withMaxSessions(2).withMaxKeysPerSession(2).withMaxBytesPerSession(20)));

    private RawTlsConnection connected(String id) throws Exception {
        RawTlsConnection r = RawTlsConnection.open(kv.port());
        r.connect(id, Wire.hash(id.hashCode()));
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        return r;
    }

    @Test
    void aConnectionOverTheLimitIsClosedAtOnce() throws Exception {
        try (RawTlsConnection a = RawTlsConnection.open(kv.port());
             RawTlsConnection b = RawTlsConnection.open(kv.port());
             RawTlsConnection c = RawTlsConnection.open(kv.port())) {
            await().until(() -> kv.server().openConnections() == 3);
            assertThatThrownBy(() -> RawTlsConnection.open(kv.port()).close()).isInstanceOf(IOException.class);
            try (Socket plain = new Socket("localhost", kv.port())) {
                plain.setSoTimeout(RawTlsConnection.SO_TIMEOUT_MILLIS);
                assertThat(plain.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
            }
            a.close();
            await().until(() -> kv.server().openConnections() == 2);
            try (RawTlsConnection d = RawTlsConnection.open(kv.port())) {
                d.connect("d", Wire.hash(4));
                assertThat(d.readLine()).isEqualTo("CONNECT: OK\n");
            }
        }
    }

    @Test
    void aSessionOverTheLimitIsRefusedAndDetachedSessionsCount() throws Exception {
        try (RawTlsConnection a = connected("a"); RawTlsConnection b = connected("b")) {
            try (RawTlsConnection c = RawTlsConnection.open(kv.port())) {
                c.connect("c", Wire.hash(3));
                assertThat(c.readLine()).isEqualTo("CONNECT: ERROR\n");
                assertThat(c.closedWithoutAnswer()).isTrue();
            }
            a.close();
            await().until(() -> kv.server().registry().detached() == 1);
            try (RawTlsConnection c = RawTlsConnection.open(kv.port())) {
                c.connect("c", Wire.hash(3));
                assertThat(c.readLine()).as("a detached session still holds its place").isEqualTo("CONNECT: ERROR\n");
            }
            b.send("DISCONNECT\n");
            assertThat(b.readLine()).isEqualTo("DISCONNECT: OK\n");
            try (RawTlsConnection c = connected("c")) {
                c.send("PUT k\nv\n");
                assertThat(c.readLine()).isEqualTo("PUT: OK\n");
            }
        }
    }

    @Test
    void aKeyOverTheLimitIsRefusedButOverwritesAreNot() throws Exception {
        try (RawTlsConnection r = connected("keys")) {
            r.send("PUT a\n1\nPUT b\n2\nPUT c\n3\nPUT a\n11\nGET c\nGET a\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("PUT: ERROR\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
            assertThat(r.readLine()).isEqualTo("GET 11\n");
        }
    }

    @Test
    void bytesOverTheLimitAreRefusedAndNothingIsLost() throws Exception {
        try (RawTlsConnection r = connected("bytes")) {
            String fill = Wire.repeat('v', 19);
            r.send("PUT k\n" + fill + "\nPUT k\n" + fill + "v\nPUT x\n\nGET k\n");
            assertThat(r.readLine()).as("1 + 19 = 20 bytes fit").isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("PUT: ERROR\n");
            assertThat(r.readLine()).isEqualTo("PUT: ERROR\n");
            assertThat(r.readLine()).isEqualTo("GET " + fill + "\n");
            assertThat(r.readLine()).isEqualTo(Wire.crc(fill) + "\n");
        }
    }
}
