package dev.courier.bench.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.tls.TlsContexts;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.MailServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailLoadLimitTest {
    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension(c -> c.withLimits(c.limits().withMaxSendsPerMinute(3)));

    @Test
    void errRepliesAreCountedAndNamedNotAcknowledged() throws Exception {
        mail.addUser("a", "pw");
        MailLoadResult r;
        try (MailLoad gen = new MailLoad(mail.clientConfig(),
                TlsContexts.client(ClientTrust.caFile(MailServerExtension.caCert())), 1)) {
            r = gen.run(new MailLoadSpec(1, 1, 10, Duration.ZERO, Duration.ofMillis(500)),
                    List.of(new MailLoad.Account("a", "pw")), true);
        }
        assertThat(r.acked()).isLessThanOrEqualTo(3);
        assertThat(r.errReplies()).isPositive();
        assertThat(r.failures()).isZero();
        assertThat(r.errorTexts()).containsKey("limit: at most 3 messages per minute");
    }
}
