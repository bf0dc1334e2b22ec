package dev.courier.mail.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.mail.MailServerExtension;
import dev.courier.mail.server.MailServerConfig;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through a proxy that corrupts chosen lines of a clear-text connection: a request that arrives damaged is
 * answered KO and sent again (3 sends in all), and a damaged reply is an integrity error that is never resent.
 */
class ChecksumRecoveryTest {
    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension(c -> MailServerConfig.plaintext(0, c.store())
            .withLimits(c.limits()).withClock(c.clock()).withPasswordIterations(c.passwordIterations()));

    /** The first {@code n} lines that contain {@code marker}. */
    private static Predicate<String> first(int n, String marker) {
        AtomicInteger seen = new AtomicInteger();
        return s -> s.contains(marker) && seen.incrementAndGet() <= n;
    }

    private MailClient viaProxy(CorruptingProxy proxy) throws MailException {
        return MailClient.connect(MailClientConfig.plaintext("localhost", proxy.port()));
    }

    private long countOf(String user) throws MailException {
        try (MailClient direct = mail.client()) {
            direct.login(user, "pw");
            return direct.count();
        }
    }

    @Test
    void twoDamagedSendsThenTheThirdGetsThrough() throws Exception {
        mail.addUser("alice", "pw");
        try (CorruptingProxy proxy = new CorruptingProxy(mail.port(), first(2, ":email:"), s -> false);
             MailClient c = viaProxy(proxy)) {
            c.login("alice", "pw");
            assertThat(c.send("alice", "s", "b")).isPositive();
        }
        assertThat(mail.server().stats().checksumFailures.sum()).isEqualTo(2);
        assertThat(mail.server().stats().sent.sum()).isEqualTo(1);
        assertThat(countOf("alice")).isEqualTo(1);
    }

    @Test
    void threeDamagedSendsAreReportedAndNothingRuns() throws Exception {
        mail.addUser("alice", "pw");
        try (CorruptingProxy proxy = new CorruptingProxy(mail.port(), first(3, ":email:"), s -> false);
             MailClient c = viaProxy(proxy)) {
            c.login("alice", "pw");
            assertThatThrownBy(() -> c.send("alice", "s", "b")).isInstanceOf(MailException.class)
                    .satisfies(t -> assertThat(((MailException) t).reason())
                            .isEqualTo(MailException.Reason.CHECKSUM_REJECTED));
            // The session and the connection are fine: the next request goes through.
            assertThat(c.count()).isZero();
        }
        assertThat(mail.server().stats().checksumFailures.sum()).isEqualTo(3);
        assertThat(mail.server().stats().sent.sum()).isZero();
    }

    @Test
    void aDamagedReplyIsAnIntegrityErrorAndTheRequestIsNotSentAgain() throws Exception {
        mail.addUser("alice", "pw");
        try (CorruptingProxy proxy = new CorruptingProxy(mail.port(), s -> false, first(1, "OK:sent:"));
             MailClient c = viaProxy(proxy)) {
            c.login("alice", "pw");
            assertThatThrownBy(() -> c.send("alice", "s", "b")).isInstanceOf(MailException.class)
                    .satisfies(t -> assertThat(((MailException) t).reason()).isEqualTo(MailException.Reason.INTEGRITY));
            // The message ran once and only once.
            assertThat(mail.server().stats().sent.sum()).isEqualTo(1);
            assertThat(mail.server().stats().checksumFailures.sum()).isZero();
            // The client reconnects on its next call and goes on with its session.
            assertThat(c.count()).isEqualTo(1);
        }
        assertThat(countOf("alice")).isEqualTo(1);
    }

    @Test
    void aDamagedMessageLineOfADumpIsAnIntegrityError() throws Exception {
        mail.addUser("alice", "pw");
        try (CorruptingProxy proxy = new CorruptingProxy(mail.port(), s -> false, first(1, "MSG:"));
             MailClient c = viaProxy(proxy)) {
            c.login("alice", "pw");
            c.send("alice", "one", "x");
            c.send("alice", "two", "y");
            assertThatThrownBy(c::dump).isInstanceOf(MailException.class)
                    .satisfies(t -> assertThat(((MailException) t).reason()).isEqualTo(MailException.Reason.INTEGRITY));
            assertThat(c.dump()).hasSize(2);
        }
    }
}
