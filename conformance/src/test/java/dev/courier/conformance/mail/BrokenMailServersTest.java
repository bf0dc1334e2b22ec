package dev.courier.conformance.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.mail.MailServerExtension;
import dev.courier.mail.server.MailServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mail cases catch a server that breaks a rule: Courier's clear-text mail server behind a relay that breaks
 * one rule (BreakingMailProxy) fails exactly the cases of that rule, while the relay that breaks nothing passes all.
 */
class BrokenMailServersTest {
    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension(c -> new MailServerConfig(c.host(), c.port(), null,
            true, c.limits(), c.store(), c.storeSettings(), c.passwordIterations(), c.clock(), c.budget()));

    private List<Result> run(int port, List<String> only, StringBuilder printed) {
        mail.addUser("kit", "kit password");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> r = Runner.run(MailCases.all("kit", "kit password"), new Target("127.0.0.1", port,
                Target.Tls.plain(), Duration.ofSeconds(2)), Runner.select(only, List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        printed.append(out.toString(StandardCharsets.UTF_8));
        return r;
    }

    @Test
    void courierInClearTextPassesEveryCase() {
        StringBuilder printed = new StringBuilder();
        List<Result> r = run(mail.port(), List.of(), printed);
        assertThat(r).hasSize(MailCases.names().size()).as(printed.toString())
                .allSatisfy(x -> assertThat(x.status()).as(x.kase().name()).isEqualTo(Result.Status.PASS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RUNS_A_REQUEST_WHOSE_CHECKSUM_FAILED | * | mail.lines.a-wrong-checksum-is-answered-ko,"
            + "mail.lines.a-line-without-checksum-is-answered-ko | ERR:auth:wrong user name or password",
        "KEEPS_THE_SESSION_AFTER_LOGOFF | * | mail.commands.logoff-ends-the-session | OK:0",
        "ANSWERS_WITHOUT_CHECKSUM | mail.lines.*,mail.sessions.a-login-starts-a-session | "
            + "mail.lines.a-wrong-checksum-is-answered-ko,mail.lines.a-line-without-checksum-is-answered-ko,"
            + "mail.lines.a-long-line-is-refused-and-closed,mail.lines.upper-case-checksum-and-cr-are-accepted,"
            + "mail.sessions.a-login-starts-a-session | a reply whose checksum is missing or wrong",
        "ANSWERS_WITHOUT_LF | mail.lines.a-wrong-checksum-is-answered-ko,mail.sessions.a-login-starts-a-session | "
            + "mail.lines.a-wrong-checksum-is-answered-ko,mail.sessions.a-login-starts-a-session"
            + " | no complete line within 2000 ms",
    })
    void eachBrokenVariantFailsExactlyTheCasesOfItsRule(BreakingMailProxy.Bug bug, String only, String failing,
                                                        String shown) throws Exception {
        StringBuilder printed = new StringBuilder();
        List<String> expected = List.of(failing.split(","));
        try (BreakingMailProxy proxy = new BreakingMailProxy(bug, mail.port())) {
            List<Result> r = run(proxy.port(), List.of(only), printed);
            assertThat(r.stream().filter(x -> x.status() == Result.Status.FAIL).map(x -> x.kase().name()))
                    .as(printed.toString()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r).as(printed.toString()).noneMatch(x -> x.status() == Result.Status.SKIP);
        }
        assertThat(printed.toString()).contains("FAIL  " + expected.get(0), "sent:", "received:", shown);
    }
}
