package dev.courier.conformance.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Dialect;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.server.KvRsaConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit in the record dialect against Courier's server started with {@code --kv-dialect record}, both editions:
 * every case passes but the line dialect's own rules, which are skipped saying why.
 */
class KvRecordConformanceTest {
    private static final Set<String> LINE_ONLY = Set.of("kv.commands.pipelined-answers-come-in-order",
            "kv.messages.bytes-may-arrive-one-by-one");
    private static final Set<String> RSA_LINE_ONLY = Set.of("kv-rsa.blocks.a-message-ending-with-lf-opens-a-session",
            "kv-rsa.blocks.a-short-block-without-lf-is-a-whole-message", "kv-rsa.blocks.a-long-value-spans-several-blocks",
            "kv-rsa.semantics.get-answers-the-bare-value");

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(512);
            return c.withDialect(KvDialect.RECORD).withRsa(KvRsaConfig.of("127.0.0.1", 0, g.generateKeyPair()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private static List<Result> run(List<dev.courier.conformance.Case> cases, Target t, StringBuilder printed) {
        return run(cases, t, printed, List.of());
    }

    private static List<Result> run(List<dev.courier.conformance.Case> cases, Target t, StringBuilder printed,
                                    List<String> only) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> results = Runner.run(cases, t, Runner.select(only, List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        printed.append(out.toString(StandardCharsets.UTF_8));
        return results;
    }

    @Test
    void courierPassesEveryTlsCaseInTheRecordDialect() {
        Target t = new Target("127.0.0.1", kv.port(), new Target.Tls(Target.Mode.TLS_CHECKED,
                KvServerExtension.caCert()), Duration.ofSeconds(5));
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(KvCases.all(KvOptions.defaults().withDialect(Dialect.RECORD)), t, printed);
        assertThat(results).hasSize(KvCases.names().size());
        assertThat(results).as(printed.toString()).allSatisfy(r -> assertThat(r.status()).as(r.kase().name() + "\n" + printed)
                .isEqualTo(LINE_ONLY.contains(r.kase().name()) ? Result.Status.SKIP : Result.Status.PASS));
        assertThat(printed.toString()).contains("PASS  kv.records.a-put-record-without-its-value  (The record "
                + "dialect)").endsWith((results.size() - 2) + " passed, 0 failed, 2 skipped\n");
    }

    @Test
    void courierPassesEveryRsaCaseInTheRecordDialect() {
        Target t = new Target("127.0.0.1", kv.server().rsa().port(), Target.Tls.plain(), Duration.ofSeconds(5));
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(KvRsaCases.all(Dialect.RECORD), t, printed);
        assertThat(results).hasSize(KvRsaCases.names().size());
        assertThat(results).as(printed.toString()).allSatisfy(r -> assertThat(r.status()).as(r.kase().name() + "\n" + printed)
                .isEqualTo(RSA_LINE_ONLY.contains(r.kase().name()) ? Result.Status.SKIP : Result.Status.PASS));
    }

    @Test
    void theLineDialectsKitFailsAgainstARecordServer() {
        // A kit that passes everything proves nothing: speaking lines to a record server must fail.
        Target t = new Target("127.0.0.1", kv.port(), new Target.Tls(Target.Mode.TLS_CHECKED,
                KvServerExtension.caCert()), Duration.ofSeconds(2));
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(KvCases.all(KvOptions.defaults()), t, printed,
                List.of("kv.connect.opens-a-session"));
        assertThat(results).singleElement().satisfies(r -> assertThat(r.status()).as(printed.toString())
                .isEqualTo(Result.Status.FAIL));
        assertThat(printed.toString()).contains("expected: \"CONNECT: OK\\n\"");
    }
}
