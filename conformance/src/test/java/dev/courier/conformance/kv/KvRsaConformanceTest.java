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
 * The kit's RSA-edition cases against Courier's RSA listener (512-bit server key), in both dialects: every case of
 * the dialect passes.
 */
class KvRsaConformanceTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(512);
            return c.withRsa(KvRsaConfig.of("127.0.0.1", 0, g.generateKeyPair()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    @Test
    void courierPassesEveryRsaCase() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Target t = new Target("127.0.0.1", kv.server().rsa().port(), Target.Tls.plain(), Duration.ofSeconds(5));
        List<Result> results = Runner.run(KvRsaCases.all(), t, Runner.select(List.of(), List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(results).hasSize(KvRsaCases.names().size());
        assertThat(results).as(printed).allSatisfy(r -> assertThat(r.status()).as(r.kase().name() + "\n" + printed)
                .isEqualTo(r.kase().name().startsWith("kv-rsa.records.") ? Result.Status.SKIP : Result.Status.PASS));
    }

    @Test
    void courierPassesEveryRsaCaseInTheRecordDialectToo() throws Exception {
        kv.start(kv.server().config().withDialect(KvDialect.RECORD));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Target t = new Target("127.0.0.1", kv.server().rsa().port(), Target.Tls.plain(), Duration.ofSeconds(5));
        List<Result> results = Runner.run(KvRsaCases.all(Dialect.RECORD), t, Runner.select(List.of(), List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        Set<String> lineOnly = Set.of("kv-rsa.blocks.a-message-ending-with-lf-opens-a-session",
                "kv-rsa.blocks.a-short-block-without-lf-is-a-whole-message",
                "kv-rsa.blocks.a-long-value-spans-several-blocks", "kv-rsa.semantics.get-answers-the-bare-value",
                "kv-rsa.blocks.an-answer-filling-a-whole-piece-still-ends-with-lf");
        assertThat(results).hasSize(KvRsaCases.names().size());
        assertThat(results).as(printed).allSatisfy(r -> assertThat(r.status()).as(r.kase().name() + "\n" + printed)
                .isEqualTo(lineOnly.contains(r.kase().name()) ? Result.Status.SKIP : Result.Status.PASS));
        assertThat(printed).contains("PASS  kv-rsa.records.each-message-is-one-block-and-get-answers-get-value");
    }
}
