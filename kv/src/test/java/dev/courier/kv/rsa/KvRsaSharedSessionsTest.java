package dev.courier.kv.rsa;

import dev.courier.kv.server.KvServerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import dev.courier.kv.server.KvAuthMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two editions are two front doors of one service: one store, one set of limits (spec section 8). */
class KvRsaSharedSessionsTest {
    private static final byte[] HASH = KvServerExtension.hash("pw");

    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension();

    private KvClient tls(String id) throws KvException {
        return rsa.kv().client(id, HASH);
    }

    @Test
    void anIdHeldByATlsSessionIsRefused() throws Exception {
        try (KvClient t = tls("alice"); SpecPeer p = rsa.peer()) {
            t.put("k", "v");
            p.send("CONNECT alice");
            assertThat(p.receive()).isEqualTo("CONNECT: ERROR");
            assertThat(p.closedWithoutAnswer()).isTrue();
            assertThat(t.get("k")).contains("v");
        }
    }

    @Test
    void anIdOfADetachedTlsSessionIsRefusedToo() throws Exception {
        try (KvClient t = tls("bob")) {
            t.put("k", "v");
        }
        // Without a password the RSA edition cannot prove it is bob: the data waits for bob's TLS client.
        try (SpecPeer p = rsa.peer()) {
            p.send("CONNECT bob");
            assertThat(p.receive()).isEqualTo("CONNECT: ERROR");
        }
        try (KvClient t = tls("bob")) {
            assertThat(t.get("k")).contains("v");
        }
    }

    @Test
    void anIdHeldByAnRsaSessionIsRefusedOverTlsUntilItEnds() throws Exception {
        try (SpecPeer p = rsa.connected("carol")) {
            assertThatThrownBy(() -> tls("carol")).isInstanceOf(KvException.class)
                    .extracting(e -> ((KvException) e).reason()).isEqualTo(KvException.Reason.CONNECT_REFUSED);
            p.send("PUT k").send("v");
            assertThat(p.receive()).isEqualTo("PUT: OK");
        }
        rsa.awaitSessions(0);
        try (KvClient t = tls("carol")) {
            assertThat(t.get("k")).as("the RSA session was erased, not left for TLS to resume").isEmpty();
        }
    }

    @Test
    void theSessionLimitCountsBothEditions() throws Exception {
        rsa.restart(c -> c.withLimits(c.limits().withMaxSessions(1)));
        try (KvClient t = tls("dave"); SpecPeer p = rsa.peer()) {
            p.send("CONNECT erin");
            assertThat(p.receive()).isEqualTo("CONNECT: ERROR");
            t.put("k", "the TLS session goes on");
        }
    }

    @Test
    void theListenerDoesNotStartInAccountsMode() throws Exception {
        KvServerConfig accounts = rsa.server().config().withMode(KvAuthMode.ACCOUNTS);
        assertThatThrownBy(() -> rsa.kv().start(accounts))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("accounts mode")
                .hasMessageContaining("no password");
        rsa.kv().start(accounts.withRsa(null));
        assertThat(rsa.server().mode()).as("without the RSA edition, accounts mode starts")
                .isEqualTo(KvAuthMode.ACCOUNTS);
    }
}
