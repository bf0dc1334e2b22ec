package dev.courier.kv;

import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvServerConfig;
import dev.courier.core.auth.Pbkdf2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a KV server in-process on a free loopback port before each test, with a self-signed certificate in a
 * fresh data directory, and closes it after. Register with {@code @RegisterExtension}.
 */
public final class KvServerExtension implements BeforeEachCallback, AfterEachCallback {
    private static final Path SHARED_TLS = sharedTls();

    private final UnaryOperator<KvServerConfig> customize;
    private Path dataDir;
    private KvServer server;

    /** A server with default settings. */
    public KvServerExtension() {
        this(UnaryOperator.identity());
    }

    /** A server whose config is changed by {@code customize} before it starts. */
    public KvServerExtension(UnaryOperator<KvServerConfig> customize) {
        this.customize = customize;
    }

    private static Path sharedTls() {
        try {
            Path dir = Files.createTempDirectory("courier-test-tls");
            CertificateStore.selfSigned(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("courier-kv-test");
        start(customize.apply(KvServerConfig.loopback(0, certificates(), dataDir.resolve("kv/accounts"))));
    }

    /** Restarts the server with another config (port 0 again). */
    public void start(KvServerConfig config) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        server = KvServer.start(config);
    }

    /** Stops the server gracefully and starts it again with the same config (its files, a new port). */
    public void restart() throws Exception {
        start(server.config());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The self-signed certificate every test server presents (made once per test run). */
    public static CertificateStore certificates() throws IOException {
        return CertificateStore.selfSigned(SHARED_TLS);
    }

    /** The PEM file a client trusts to verify the test servers. */
    public static Path caCert() {
        return SHARED_TLS.resolve(CertificateStore.CERT_FILE);
    }

    /** The running server. */
    public KvServer server() {
        return server;
    }

    /** The server's port. */
    public int port() {
        return server.port();
    }

    /** The data directory of this test. */
    public Path dataDir() {
        return dataDir;
    }

    /** The hash of a password under the test salt (PBKDF2 is slow: cache where a test uses many). */
    public static byte[] hash(String password) {
        return Pbkdf2.kvHash(password.toCharArray(), Pbkdf2.testSalt());
    }

    /** A client config for {@code id} with {@code hash}, trusting the test certificate. */
    public KvClientConfig clientConfig(String id, byte[] hash) {
        return KvClientConfig.of("localhost", port(), ClientTrust.caFile(caCert()), id, hash);
    }

    /** A connected, CONNECTed blocking client. */
    public KvClient client(String id, byte[] hash) throws KvException {
        return KvClient.connect(clientConfig(id, hash));
    }
}
