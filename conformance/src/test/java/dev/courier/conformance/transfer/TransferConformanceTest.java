package dev.courier.conformance.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.conformance.Case;
import dev.courier.conformance.JUnitXml;
import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.transfer.TransferServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The kit's transfer cases (the kit as the sender) against Courier's receiver, plain and over TLS: all pass. */
class TransferConformanceTest {
    @RegisterExtension
    final TransferServerExtension plain = TransferServerExtension.plain(c -> c);

    @RegisterExtension
    final TransferServerExtension tls = TransferServerExtension.tls(c -> c);

    @TempDir
    Path dir;

    static List<Result> run(List<Case> cases, Target t, StringBuilder printed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Result> r = Runner.run(cases, t, Runner.select(List.of(), List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        printed.append(out.toString(StandardCharsets.UTF_8));
        return r;
    }

    private static void assertAllPass(List<Result> results, StringBuilder printed) {
        assertThat(results).hasSize(TransferCases.names().size());
        assertThat(results).as(printed.toString()).allSatisfy(r ->
                assertThat(r.status()).as(r.kase().name() + "\n" + printed).isEqualTo(Result.Status.PASS));
    }

    @Test
    void courierPassesEveryCaseOverPlainTcp() throws Exception {
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(TransferCases.all(), new Target("127.0.0.1", plain.port(), Target.Tls.plain(),
                Duration.ofSeconds(5)), printed);
        assertAllPass(results, printed);
        assertThat(printed.toString())
                .contains("PASS  transfer.nacks.past-the-limit-is-err-too-many-nacks  (NACKs and how they are counted)")
                .endsWith(results.size() + " passed, 0 failed, 0 skipped\n");
        // Only the two file cases left files behind, both named conformance-*, nothing else (no .part).
        try (Stream<Path> files = Files.list(plain.inbox())) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).hasSize(2)
                    .allSatisfy(n -> assertThat(n).startsWith(TransferCases.FILE_PREFIX))
                    .anySatisfy(n -> assertThat(n).endsWith("-na\u00efve 100%.txt"));
        }
        Path xml = dir.resolve("transfer.xml");
        JUnitXml.write(xml, "courier-conformance-transfer", results);
        assertThat(Files.readString(xml)).contains("tests=\"" + results.size() + "\" failures=\"0\"");
    }

    @Test
    void courierPassesEveryCaseOverTls() {
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(TransferCases.all(), new Target("localhost", tls.port(),
                new Target.Tls(Target.Mode.TLS_CHECKED, TransferServerExtension.caCert()), Duration.ofSeconds(5)),
                printed);
        assertAllPass(results, printed);
    }

    @Test
    void aReceiverWithAnotherNackLimitIsCheckedAgainstIt() throws Exception {
        plain.start(plain.server().config().withLimits(plain.server().config().limits().withMaxNacks(3)));
        StringBuilder printed = new StringBuilder();
        List<Result> results = run(TransferCases.all(3).stream().filter(c -> c.name().contains(".nacks.")).toList(),
                new Target("127.0.0.1", plain.port(), Target.Tls.plain(), Duration.ofSeconds(5)), printed);
        assertThat(results).hasSize(6).as(printed.toString())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(Result.Status.PASS));
    }

    @Test
    void everyCaseCitesAHeadingOfTheProtocolPage() throws Exception {
        List<String> headings = Files.readAllLines(Path.of("../docs/transfer-protocol.md")).stream()
                .filter(l -> l.startsWith("## ") || l.startsWith("### ")).map(l -> l.replaceFirst("^#+ ", ""))
                .toList();
        assertThat(TransferCases.all()).allSatisfy(c -> assertThat(headings).as(c.name())
                .anySatisfy(h -> assertThat(h).startsWith(c.section())));
        // The README counts them.
        assertThat(TransferCases.names()).hasSize(38).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).startsWith("transfer."));
    }
}
