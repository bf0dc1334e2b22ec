package dev.courier.mail.server;

import static dev.courier.mail.RawMailConnection.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.MailServerExtension;
import dev.courier.mail.RawMailConnection;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.store.JdbcMailStore;
import dev.courier.mail.store.MailStore;
import dev.courier.mail.store.MailStoreConfig;
import dev.courier.mail.store.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The cost of every password check is the costliest account's, whatever the configured default. */
class LoginCostTest {
    @Test
    void theServerChecksAtTheCostOfTheStoresAccountsAndRaisesItForACostlierOne() throws Exception {
        Path dir = Files.createTempDirectory("courier-mail-cost");
        try {
            MailStoreConfig storeConfig = MailStoreConfig.forDataDir(dir);
            MailStore store = JdbcMailStore.open(storeConfig);
            new MailAccounts(store, 2_500, Clock.systemUTC()).add("alice", "pw".toCharArray());
            // The configured cost (the default 600 000) is only for a store with no account.
            MailServerConfig config = MailServerConfig.tls(0, MailServerExtension.certificates(), storeConfig);
            try (MailServer server = MailServer.start(config, store)) {
                assertThat(server.passwords().cost()).isEqualTo(2_500);
                new MailAccounts(store, 4_000, Clock.systemUTC()).add("bob", "pw".toCharArray());
                try (RawMailConnection c = RawMailConnection.tls(server.port(), MailServerExtension.caCert())) {
                    assertThat(c.ask("bob:pw")).startsWith("Session Started:");
                    assertThat(server.passwords().cost()).as("raised by bob's costlier hash").isEqualTo(4_000);
                    assertThat(c.ask("alice:pw")).startsWith("Session Started:");
                    assertThat(c.ask("nobody:pw")).isEqualTo(line("ERR:auth:wrong user name or password"));
                }
            }
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    @Test
    void anEmptyStoreUsesTheConfiguredCost() throws Exception {
        Path dir = Files.createTempDirectory("courier-mail-cost");
        try {
            MailStoreConfig storeConfig = MailStoreConfig.forDataDir(dir);
            MailServerConfig config = MailServerConfig.tls(0, MailServerExtension.certificates(), storeConfig)
                    .withPasswordIterations(Passwords.MIN_ITERATIONS * 3);
            try (MailServer server = MailServer.start(config, JdbcMailStore.open(storeConfig))) {
                assertThat(server.passwords().cost()).isEqualTo(3_000);
            }
        } finally {
            TestFiles.deleteTree(dir);
        }
    }
}
