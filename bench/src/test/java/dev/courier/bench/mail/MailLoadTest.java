package dev.courier.bench.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.tls.TlsContexts;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.MailServerExtension;
import dev.courier.mail.client.MailClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailLoadTest {
    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension(c -> c.withLimits(c.limits().withMaxSendsPerMinute(
            1_000_000)));

    private List<MailLoad.Account> accounts(int n) {
        List<MailLoad.Account> list = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            mail.addUser("u" + i, "pw");
            list.add(new MailLoad.Account("u" + i, "pw"));
        }
        return list;
    }

    private MailLoad load() throws Exception {
        ClientTrust trust = ClientTrust.caFile(MailServerExtension.caCert());
        return new MailLoad(mail.clientConfig(), TlsContexts.client(trust), 1);
    }

    @Test
    void countsAcknowledgedSendsAndDeletesThemAfterwards() throws Exception {
        MailLoadResult r;
        try (MailLoad gen = load()) {
            r = gen.run(new MailLoadSpec(4, 2, 50, Duration.ofMillis(200), Duration.ofMillis(800)), accounts(2),
                    true);
        }
        assertThat(r.acked()).isPositive();
        assertThat(r.errReplies()).isZero();
        assertThat(r.failures()).isZero();
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.acked());
        assertThat(r.throughput()).isPositive();
        assertThat(mail.server().stats().sent.sum()).as("warm-up and drain sends are not counted")
                .isGreaterThanOrEqualTo(r.acked());
        try (MailClient c = mail.client()) {
            c.login("u1", "pw");
            assertThat(c.count()).as("the benchmark's messages were deleted").isZero();
        }
    }

    @Test
    void keptMessagesReachTheNextAccount() throws Exception {
        try (MailLoad gen = load()) {
            gen.run(new MailLoadSpec(1, 1, 10, Duration.ZERO, Duration.ofMillis(300)), accounts(2), false);
        }
        try (MailClient c = mail.client()) {
            c.login("u1", "pw");
            assertThat(c.count()).isPositive();
            assertThat(c.dump().get(0).sender()).isEqualTo("u0");
            assertThat(c.dump().get(0).subject()).isEqualTo(MailLoadSpec.SUBJECT);
        }
    }
}
