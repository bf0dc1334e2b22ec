package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.mail.MailStores;
import dev.courier.core.config.Port;
import dev.courier.core.net.ConnectFailure;
import dev.courier.core.tls.CertificateStore;
import dev.courier.mail.server.MailServer;
import dev.courier.mail.server.MailServerConfig;
import dev.courier.mail.store.MailStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns serve's mail flags into a mail server: the configuration first (usage errors), then the start. */
final class MailService {
    private static final Logger LOG = LoggerFactory.getLogger(MailService.class);

    private MailService() {
    }

    /** The configuration the flags ask for; checked before any service starts. */
    static MailServerConfig config(MailOptions o, Port port, String bind, Path dataDir, CertificateStore certs) {
        MailStoreConfig store = MailStores.of(dataDir, o.mailDb, o.mailDbUser, o.mailDbPasswordEnv);
        MailServerConfig c = o.mailPlaintext ? MailServerConfig.plaintext(port.number(), store)
                : MailServerConfig.tls(port.number(), certs, store);
        return c.withHost(bind).withLimits(o.limits());
    }

    /** Starts the server (opening and migrating its database); a failure is exit status 3. */
    static MailServer start(MailServerConfig c, Path dataDir) throws InterruptedException {
        try {
            Files.createDirectories(dataDir);
            MailServer server = MailServer.start(c);
            LOG.info("mail store: {}", c.store().describe());
            return server;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty reports a port in use as a checked exception it does not declare; JDBC failures are runtime.
            throw CliFailure.failure("cannot start mail on " + c.host() + ":" + c.port() + " (database "
                    + c.store().describe() + "): " + ConnectFailure.describe(e));
        }
    }
}
