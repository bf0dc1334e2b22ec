package dev.courier.transfer;

import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.TransferServerConfig;
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
 * Starts a transfer receiver in-process on a free loopback port before each test, into a fresh directory, plain
 * or over TLS with a self-signed certificate, and closes it after. Register with {@code @RegisterExtension}.
 */
public final class TransferServerExtension implements BeforeEachCallback, AfterEachCallback {
    private static final Path SHARED_TLS = sharedTls();

    private final boolean tls;
    private final UnaryOperator<TransferServerConfig> customize;
    private Path root;
    private TransferServer server;

    private TransferServerExtension(boolean tls, UnaryOperator<TransferServerConfig> customize) {
        this.tls = tls;
        this.customize = customize;
    }

    /** A plain TCP receiver whose config is changed by {@code customize}. */
    public static TransferServerExtension plain(UnaryOperator<TransferServerConfig> customize) {
        return new TransferServerExtension(false, customize);
    }

    /** A TLS receiver whose config is changed by {@code customize}. */
    public static TransferServerExtension tls(UnaryOperator<TransferServerConfig> customize) {
        return new TransferServerExtension(true, customize);
    }

    private static Path sharedTls() {
        try {
            Path dir = Files.createTempDirectory("courier-transfer-tls");
            CertificateStore.selfSigned(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The self-signed certificate the TLS receivers present. */
    public static CertificateStore certificates() throws IOException {
        return CertificateStore.selfSigned(SHARED_TLS);
    }

    /** The PEM file a sender trusts to verify the test receivers. */
    public static Path caCert() {
        return SHARED_TLS.resolve(CertificateStore.CERT_FILE);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("courier-transfer-test");
        TransferServerConfig c = TransferServerConfig.of(root.resolve("inbox")).withPort(0);
        if (tls) {
            c = c.withTls(certificates());
        }
        start(customize.apply(c));
    }

    /** Restarts the receiver with another config. */
    public void start(TransferServerConfig config) throws Exception {
        if (server != null) {
            server.close();
        }
        server = TransferServer.start(config);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The running receiver. */
    public TransferServer server() {
        return server;
    }

    /** Its port. */
    public int port() {
        return server.port();
    }

    /** Whether it speaks TLS. */
    public boolean isTls() {
        return tls;
    }

    /** Where it puts files. */
    public Path inbox() {
        return server.config().directory();
    }

    /** A scratch directory for the sender's files. */
    public Path outbox() throws IOException {
        return Files.createDirectories(root.resolve("outbox"));
    }

    /** A sender config for this receiver (verifying the test certificate over TLS). */
    public TransferClientConfig clientConfig() {
        return tls ? TransferClientConfig.tls("localhost", port(), ClientTrust.caFile(caCert()))
                : TransferClientConfig.plain("localhost", port());
    }

    /** A connected sender. */
    public TransferClient client() throws TransferException {
        return TransferClient.connect(clientConfig());
    }
}
