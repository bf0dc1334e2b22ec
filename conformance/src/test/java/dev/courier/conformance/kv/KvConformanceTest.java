package dev.courier.conformance.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Dialect;
import dev.courier.conformance.JUnitXml;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.protocol.KvDialect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The kit against Courier's own KV server, over real TLS, in both dialects: every case of the dialect passes. */
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
    void courierPassesEveryCaseInTheRecordDialectToo() throws Exception {
        kv.start(kv.server().config().withDialect(KvDialect.RECORD));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> results = Runner.run(KvCases.all(KvOptions.defaults().withDialect(Dialect.RECORD)), target(),
                Runner.select(List.of(), List.of()), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        // The line dialect's own rules are skipped, saying so; every other case passes.
        Set<String> lineOnly = Set.of("kv.commands.pipelined-answers-come-in-order",
                "kv.messages.bytes-may-arrive-one-by-one");
        assertThat(results).hasSize(KvCases.names().size());
        assertThat(results).as(printed).allSatisfy(r -> assertThat(r.status()).as(r.kase().name() + "\n" + printed)
                .isEqualTo(lineOnly.contains(r.kase().name()) ? Result.Status.SKIP : Result.Status.PASS));
        assertThat(printed).contains("PASS  kv.records.a-put-record-without-its-value  (The record dialect)")
                .endsWith((results.size() - 2) + " passed, 0 failed, 2 skipped\n");
    }

    @Test
    void eachDialectsKitFailsAgainstAServerOfTheOther() throws Exception {
        // A kit that passes everything proves nothing: lines to a record server fail, and records to a line server.
        List<String> one = List.of("kv.connect.opens-a-session");
        Target quick = new Target("127.0.0.1", kv.port(), new Target.Tls(Target.Mode.TLS_CHECKED,
                KvServerExtension.caCert()), Duration.ofSeconds(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> recordsToLines = Runner.run(KvCases.all(KvOptions.defaults().withDialect(Dialect.RECORD)), quick,
                Runner.select(one, List.of()), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(recordsToLines).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Result.Status.FAIL));
        kv.start(kv.server().config().withDialect(KvDialect.RECORD));
        quick = new Target("127.0.0.1", kv.port(), quick.tls(), quick.timeout());
        List<Result> linesToRecords = Runner.run(KvCases.all(KvOptions.defaults()), quick,
                Runner.select(one, List.of()), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(linesToRecords).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(Result.Status.FAIL));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("expected: one record \"CONNECT: OK\"")
                .contains("expected: \"CONNECT: OK\\n\"");
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
