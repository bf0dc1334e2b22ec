package dev.courier.kv.rsa;

import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvException;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvRsaConfig;
import dev.courier.kv.server.KvServerConfig;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A KV server (through {@link KvServerExtension}) with an RSA-edition listener on a free loopback port, started
 * before each test and closed after. Register with {@code @RegisterExtension}.
 */
final class KvRsaExtension implements BeforeEachCallback, AfterEachCallback {
    /** The independent peer's own key, made by the JDK once. */
    static final KeyPair PEER_KEYS = SpecPeer.newKeys(512);

    private final KvServerExtension kv;

    /** The default server, listening with the shared 512-bit test key. */
    KvRsaExtension() {
        this(UnaryOperator.identity(), RsaTestSupport.SERVER_KEYS);
    }

    /** A server changed by {@code customize}, listening with {@code keys}. */
    KvRsaExtension(UnaryOperator<KvServerConfig> customize, KeyPair keys) {
        this.kv = new KvServerExtension(c -> customize.apply(c.withRsa(KvRsaConfig.of("127.0.0.1", 0, keys))));
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        kv.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        kv.afterEach(context);
    }

    /** Restarts the server with another config, the RSA listener with it (its config carries it). */
    void restart(UnaryOperator<KvServerConfig> change) throws Exception {
        kv.start(change.apply(kv.server().config()));
    }

    KvServerExtension kv() {
        return kv;
    }

    KvServer server() {
        return kv.server();
    }

    KvRsaListener listener() {
        return kv.server().rsa();
    }

    int port() {
        return listener().port();
    }

    /** An independent peer that has exchanged keys. */
    SpecPeer peer() throws IOException {
        return SpecPeer.open(port(), PEER_KEYS);
    }

    /** An independent peer that has exchanged keys and CONNECTed as {@code id}. */
    SpecPeer connected(String id) throws IOException {
        SpecPeer p = peer();
        p.send("CONNECT " + id);
        String answer = p.receive();
        if (!answer.equals("CONNECT: OK")) {
            p.close();
            throw new IllegalStateException("CONNECT " + id + " answered " + answer);
        }
        return p;
    }

    /** The library's client, CONNECTed as {@code id}. */
    KvClient client(String id) throws KvException {
        return KvRsaClient.connect(KvRsaClient.config("127.0.0.1", port(), id), RsaTestSupport.CLIENT_KEYS);
    }

    /** Sessions held by the server now. */
    int sessions() {
        return server().registry().table().sessions();
    }

    /** Waits (briefly) until the server holds {@code n} sessions. */
    void awaitSessions(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions() == n);
    }

    /** Protocol violations the server has counted. */
    long violations() {
        return server().stats().violations.sum();
    }
}
