package dev.courier.conformance.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.server.KvRsaConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's RSA-edition cases against Courier's RSA listener (512-bit server key): every case passes. */
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
}
