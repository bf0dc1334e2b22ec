package dev.courier.mail.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.MailServerExtension;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.client.MailException;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.store.EmbeddedPostgresSupport;
import dev.courier.mail.store.MailStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two mail servers on one real PostgreSQL are one mail system: each sees the other's mail and accounts. */
class SharedPostgresTest {
    private static EmbeddedPostgres pg;
    private static MailServer one;
    private static MailServer two;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresSupport.start();
        MailStoreConfig store = MailStoreConfig.forUrl(pg.getJdbcUrl("postgres", "postgres"));
        one = MailServer.start(config(store));
        two = MailServer.start(config(store));
    }

    private static MailServerConfig config(MailStoreConfig store) throws Exception {
        return MailServerConfig.tls(0, MailServerExtension.certificates(), store)
                .withPasswordIterations(Passwords.MIN_ITERATIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        one.close();
        two.close();
        pg.close();
    }

    private static MailClient client(MailServer s) throws MailException {
        return MailClient.connect(MailClientConfig.tls("localhost", s.port(),
                ClientTrust.caFile(MailServerExtension.caCert())));
    }

    @Test
    void mailSentThroughOneServerIsReadThroughTheOther() throws Exception {
        try (MailAccounts admin = MailAccounts.open(MailStoreConfig.forUrl(pg.getJdbcUrl("postgres", "postgres")),
                Passwords.MIN_ITERATIONS)) {
            // Accounts are made by a separate admin connection while both servers run.
            admin.add("alice", "pa".toCharArray());
            admin.add("bob", "pb".toCharArray());
            assertThat(admin.list()).contains("alice", "bob");
        }
        try (MailClient alice = client(one); MailClient bob = client(two)) {
            alice.login("alice", "pa");
            bob.login("bob", "pb");
            long a1 = alice.send("bob", "via one", "hello");
            long b1 = bob.send("alice", "via two", "hi");
            long a2 = alice.send("bob", "via one again", "hello again");
            assertThat(bob.dump()).extracting(MailMessage::id).containsExactly(a1, a2);
            assertThat(alice.messagesFrom("bob")).extracting(MailMessage::id).containsExactly(b1);
            assertThat(bob.deleteBySubject("via one")).isEqualTo(1);
            assertThat(alice.send("bob", "x", "y")).isGreaterThan(a2);
        }
        try (MailClient bobOnOne = client(one)) {
            bobOnOne.login("bob", "pb");
            assertThat(bobOnOne.count()).isEqualTo(2);
        }
    }

    @Test
    void anAccountDeletedThroughTheAdminEndsSessionsOnEveryServer() throws Exception {
        MailStoreConfig url = MailStoreConfig.forUrl(pg.getJdbcUrl("postgres", "postgres"));
        try (MailAccounts admin = MailAccounts.open(url, Passwords.MIN_ITERATIONS)) {
            admin.add("carol", "pc".toCharArray());
        }
        try (MailClient c1 = client(one); MailClient c2 = client(two)) {
            c1.login("carol", "pc");
            c2.login("carol", "pc");
            assertThat(c1.count()).isZero();
            try (MailAccounts admin = MailAccounts.open(url, Passwords.MIN_ITERATIONS)) {
                assertThat(admin.delete("carol")).isTrue();
            }
            for (MailClient c : new MailClient[] {c1, c2}) {
                try {
                    c.count();
                    throw new AssertionError("the session should have ended");
                } catch (MailException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.SESSION);
                }
            }
        }
    }
}
