package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The RSA listener shares the TLS listener's per-address caps: connections and sessions created per address. */
class KvRsaPerAddressTest {
    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension(cfg -> cfg.withLimits(cfg.limits()
            .withMaxConnectionsPerAddress(2).withMaxSessionsPerAddress(1)), RsaTestSupport.SERVER_KEYS);

    @Test
    void connectionsFromOneAddressAreCappedAcrossTheListener() throws Exception {
        try (SpecPeer a = SpecPeer.openFrom("127.0.0.1", rsa.port(), KvRsaExtension.PEER_KEYS);
             SpecPeer b = SpecPeer.openFrom("127.0.0.1", rsa.port(), KvRsaExtension.PEER_KEYS)) {
            await().until(() -> rsa.server().openConnections() == 2);
            try (SpecPeer c = SpecPeer.connect(rsa.port(), KvRsaExtension.PEER_KEYS)) {
                assertThat(c.closedWithoutAnswer()).as("closed before the key exchange").isTrue();
            }
            try (SpecPeer d = SpecPeer.openFrom("127.0.0.2", rsa.port(), KvRsaExtension.PEER_KEYS)) {
                d.send("CONNECT two");
                assertThat(d.receive()).isEqualTo("CONNECT: OK");
            }
        }
    }

    @Test
    void sessionsCreatedFromOneAddressAreCapped() throws Exception {
        try (SpecPeer a = rsa.connected("first")) {
            try (SpecPeer b = rsa.peer()) {
                b.send("CONNECT second");
                assertThat(b.receive()).isEqualTo("CONNECT: ERROR");
            }
            try (SpecPeer c = SpecPeer.openFrom("127.0.0.2", rsa.port(), KvRsaExtension.PEER_KEYS)) {
                c.send("CONNECT second");
                assertThat(c.receive()).isEqualTo("CONNECT: OK");
            }
        }
    }
}
