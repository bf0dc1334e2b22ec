package dev.courier.mail;

import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.client.MailException;
import dev.courier.mail.server.MailServer;
import dev.courier.mail.server.MailServerConfig;
import dev.courier.mail.store.JdbcMailStore;
import dev.courier.mail.store.MailStore;
import dev.courier.mail.store.MailStoreConfig;
import dev.courier.mail.store.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a mail server in-process on a free loopback port, over TLS with a self-signed certificate, on an H2 store
 * in a fresh data directory, with a {@link MutableClock}. Registered on a static field it serves the whole class;
 * on an instance field, each test.
 */
public final class MailServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    /** The start of every test server's clock. */
    public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    private static final Path SHARED_TLS = sharedTls();

    private final UnaryOperator<MailServerConfig> customize;
    private final UnaryOperator<MailStore> wrapStore;
    private MutableClock clock;
    private Path dataDir;
    private MailServer server;
    private MailAccounts accounts;
    private boolean perClass;

    /** A server with default settings (fast password hashing). */
    public MailServerExtension() {
        this(UnaryOperator.identity());
    }

    /** A server whose config is changed by {@code customize} before it starts. */
    public MailServerExtension(UnaryOperator<MailServerConfig> customize) {
        this(customize, UnaryOperator.identity());
    }

    /** A server whose config is changed, and whose store is wrapped (to break it on purpose). */
    public MailServerExtension(UnaryOperator<MailServerConfig> customize, UnaryOperator<MailStore> wrapStore) {
        this.customize = customize;
        this.wrapStore = wrapStore;
    }

    private static Path sharedTls() {
        try {
            Path dir = Files.createTempDirectory("courier-mail-test-tls");
            CertificateStore.selfSigned(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stop();
        }
    }

    private void start() throws Exception {
        clock = new MutableClock(T0);
        dataDir = Files.createTempDirectory("courier-mail-test");
        MailStoreConfig storeConfig = MailStoreConfig.forDataDir(dataDir);
        MailServerConfig config = customize.apply(MailServerConfig.tls(0, certificates(), storeConfig)
                .withPasswordIterations(Passwords.MIN_ITERATIONS).withClock(clock));
        MailStore store = wrapStore.apply(JdbcMailStore.open(config.store()));
        server = MailServer.start(config, store);
        accounts = new MailAccounts(server.store().store(), Passwords.MIN_ITERATIONS, clock);
    }

    private void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        TestFiles.deleteTree(dataDir);
    }

    /** The self-signed certificate every test server presents. */
    public static CertificateStore certificates() throws IOException {
        return CertificateStore.selfSigned(SHARED_TLS);
    }

    /** The PEM file a client trusts to verify the test servers. */
    public static Path caCert() {
        return SHARED_TLS.resolve(CertificateStore.CERT_FILE);
    }

    /** Adds an account with a password. */
    public String addUser(String name, String password) {
        return accounts.add(name, password.toCharArray());
    }

    /** The account commands on the server's store. */
    public MailAccounts accounts() {
        return accounts;
    }

    /** The running server. */
    public MailServer server() {
        return server;
    }

    /** The server's port. */
    public int port() {
        return server.port();
    }

    /** The server's clock. */
    public MutableClock clock() {
        return clock;
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** A client config that trusts the test certificate (clear text if the server is). */
    public MailClientConfig clientConfig() {
        return server.config().plaintext() ? MailClientConfig.plaintext("localhost", port())
                : MailClientConfig.tls("localhost", port(), ClientTrust.caFile(caCert()));
    }

    /** A connected blocking client (not logged in). */
    public MailClient client() throws MailException {
        return MailClient.connect(clientConfig());
    }

    /** A raw connection for byte-exact checks. */
    public RawMailConnection raw() throws Exception {
        return server.config().plaintext() ? RawMailConnection.plain(port()) : RawMailConnection.tls(port(), caCert());
    }
}
