package dev.courier.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.KvServerExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier conformance kv} against Courier's KV server over TLS, as a teacher would run it. */
class ConformanceCommandTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @TempDir
    Path dir;

    @Test
    void everyCasePassesAgainstCourierAndTheReportIsWritten() throws Exception {
        Path report = dir.resolve("reports/kv.xml");
        CliRun r = CliRun.run("conformance", "kv", "127.0.0.1:" + kv.port(), "--cacert",
                KvServerExtension.caCert().toString(), "--junit", report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("PASS  kv.connect.opens-a-session  (Opening a session)")
                .contains("PASS  kv.violations.a-second-connect  (Protocol violations)")
                .contains("SKIP  kv.records.an-lf-in-a-get-record  (The record dialect)")
                .doesNotContain("FAIL").endsWith(" passed, 0 failed, 3 skipped\n");
        assertThat(Files.readString(report)).contains("<testsuite name=\"courier-conformance-kv\"", "failures=\"0\"");
    }

    @Test
    void onlyAndSkipNarrowTheRun() {
        CliRun r = CliRun.run("conformance", "kv", "127.0.0.1:" + kv.port(), "--cacert",
                KvServerExtension.caCert().toString(), "--only", "kv.violations.*", "--skip",
                "kv.violations.a-message-over-the-limit");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS  kv.violations.unknown-verb").doesNotContain("kv.commands.")
                .doesNotContain("a-message-over-the-limit").contains("7 passed, 0 failed, 0 skipped");
    }

    @Test
    void anUntrustedCertificateOrAClosedPortIsOneLineAndStatus3() throws Exception {
        CliRun untrusted = CliRun.run("conformance", "kv", "127.0.0.1:" + kv.port());
        assertThat(untrusted.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(untrusted.errLines()).hasSize(1);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun refused = CliRun.run("conformance", "kv", "127.0.0.1:" + closed, "--insecure");
        assertThat(refused.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).startsWith("courier conformance: cannot reach 127.0.0.1:" + closed);
    }

    @Test
    void theRsaEditionIsCheckedOnItsOwnListener() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(512);
        kv.start(kv.server().config().withRsa(dev.courier.kv.server.KvRsaConfig.of("127.0.0.1", 0,
                g.generateKeyPair())));
        CliRun r = CliRun.run("conformance", "kv-rsa", "127.0.0.1:" + kv.server().rsa().port(), "--only",
                "kv-rsa.semantics.*");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS  kv-rsa.semantics.get-answers-the-bare-value  (Semantics)")
                .endsWith("5 passed, 0 failed, 0 skipped\n");
        assertThat(CliRun.run("conformance", "kv-rsa", "127.0.0.1:1", "--insecure").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void badUsageIsStatus2() {
        assertThat(CliRun.run("conformance", "smtp", "127.0.0.1:1").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "kv-rsa", "127.0.0.1:1", "--list").out().lines())
                .contains("kv-rsa.blocks.a-short-block-without-lf-is-a-whole-message");
        assertThat(CliRun.run("conformance", "kv", "127.0.0.1").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "kv", "127.0.0.1:1", "--plain", "--insecure").code())
                .isEqualTo(ExitCodes.USAGE);
        CliRun list = CliRun.run("conformance", "kv", "127.0.0.1:1", "--list");
        assertThat(list.code()).isZero();
        assertThat(list.out().lines()).contains("kv.commands.put-then-get-gives-value-and-crc");
    }
}
