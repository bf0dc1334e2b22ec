package dev.courier.conformance.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.mail.MailServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's mail cases against Courier's mail server over TLS: every case passes, and without an account skips. */
class MailConformanceTest {
    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension();

    private Target target() {
        return new Target("127.0.0.1", mail.port(),
                new Target.Tls(Target.Mode.TLS_CHECKED, MailServerExtension.caCert()), Duration.ofSeconds(5));
    }

    private static List<Result> run(List<dev.courier.conformance.Case> cases, Target t, StringBuilder printed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> r = Runner.run(cases, t, Runner.select(List.of(), List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        printed.append(out.toString(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void courierPassesEveryMailCase() {
        mail.addUser("kit", "kit password");
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(MailCases.all("kit", "kit password"), target(), printed);
        assertThat(results).hasSize(MailCases.names().size());
        assertThat(results).as(printed.toString()).allSatisfy(r ->
                assertThat(r.status()).as(r.kase().name() + "\n" + printed).isEqualTo(Result.Status.PASS));
    }

    @Test
    void withoutAnAccountTheCasesThatNeedOneSkipAndSaySo() {
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(MailCases.all(null, null), target(), printed);
        assertThat(results).filteredOn(r -> r.status() == Result.Status.SKIP).isNotEmpty()
                .allSatisfy(r -> assertThat(r.why()).contains("--user"));
        assertThat(results).noneMatch(r -> r.status() == Result.Status.FAIL);
        assertThat(printed.toString()).contains("SKIP  mail.commands.email-count-dump-getmsg-delmsg");
    }
}
