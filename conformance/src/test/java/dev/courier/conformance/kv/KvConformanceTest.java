package dev.courier.conformance.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.JUnitXml;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.kv.KvServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The kit against Courier's own KV server, over real TLS: every case passes. */
class KvConformanceTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @TempDir
    Path dir;

    private Target target() {
        return new Target("127.0.0.1", kv.port(), new Target.Tls(Target.Mode.TLS_CHECKED, KvServerExtension.caCert()),
                Duration.ofSeconds(5));
    }

    @Test
    void courierPassesEveryCase() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> results = Runner.run(KvCases.all(KvOptions.defaults()), target(), Runner.select(List.of(),
                List.of()), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        // The record dialect's own rules are skipped, saying so; every other case passes.
        assertThat(results).as(printed).allSatisfy(r -> assertThat(r.status()).as(r.kase().name() + "\n" + printed)
                .isEqualTo(r.kase().name().startsWith("kv.records.") ? Result.Status.SKIP : Result.Status.PASS));
        assertThat(results).hasSize(KvCases.names().size());
        long skipped = results.stream().filter(r -> r.status() == Result.Status.SKIP).count();
        assertThat(skipped).isEqualTo(3);
        assertThat(printed).contains("PASS  kv.commands.put-then-get-gives-value-and-crc  (Commands of a bound "
                + "session)").contains("SKIP  kv.records.a-put-record-without-its-value  (The record dialect)\n"
                + "      a rule of the record dialect (docs/kv-record-dialect.md); run with --dialect record\n")
                .endsWith((results.size() - skipped) + " passed, 0 failed, 3 skipped\n");

        Path xml = dir.resolve("report.xml");
        JUnitXml.write(xml, "courier-conformance-kv", results);
        assertThat(Files.readString(xml)).contains("<testsuite name=\"courier-conformance-kv\" tests=\""
                + results.size() + "\" failures=\"0\"");
    }

    @Test
    void onlyAndSkipChooseCasesByName() {
        var select = Runner.select(List.of("kv.violations.*,kv.connect.opens-a-session"),
                List.of("kv.violations.unknown-verb"));
        assertThat(KvCases.names().stream().filter(select).toList())
                .contains("kv.connect.opens-a-session", "kv.violations.lower-case-verb")
                .doesNotContain("kv.violations.unknown-verb", "kv.commands.put-overwrites");
    }
}
