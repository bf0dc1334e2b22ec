package dev.courier.conformance.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RSA-edition cases catch a server that breaks a rule: a server written from the page passes every case, and
 * each variant that breaks one rule fails exactly the cases of that rule.
 */
class BrokenRsaServersTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "NONE | - | -",
        "NO_LF | kv-rsa.blocks.an-answer-filling-a-whole-piece-still-ends-with-lf | no complete block within 2000 ms",
        "KEEPS_SESSION_AFTER_VIOLATION | kv-rsa.bad-input.a-violation-erases-the-session | \"CONNECT: ERROR\\n\"",
    })
    void eachVariantFailsExactlyTheCasesOfItsRule(FakeKvRsaServer.Bug bug, String failing, String shown)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> r;
        try (FakeKvRsaServer server = new FakeKvRsaServer(bug)) {
            r = Runner.run(KvRsaCases.all(), new Target("127.0.0.1", server.port(), Target.Tls.plain(),
                    Duration.ofSeconds(2)), Runner.select(List.of(), List.of()),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        List<String> expected = failing == null ? List.of() : List.of(failing);
        assertThat(r).hasSize(KvRsaCases.names().size());
        assertThat(r.stream().filter(x -> x.status() == Result.Status.FAIL).map(x -> x.kase().name()))
                .as(printed).containsExactlyInAnyOrderElementsOf(expected);
        if (shown != null) {
            assertThat(printed).contains("FAIL  " + failing, "sent:", "expected:", "received:", shown);
        }
    }
}
