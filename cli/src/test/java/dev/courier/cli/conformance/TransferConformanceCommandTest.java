package dev.courier.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Background;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.core.tls.CertificateStore;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.TransferServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code courier conformance transfer} against Courier's receiver, and in receiver mode against courier send. */
class TransferConformanceCommandTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private TransferServer receiver(boolean tls) throws Exception {
        TransferServerConfig c = TransferServerConfig.of(dir.resolve("inbox")).withPort(0);
        TransferServer s = TransferServer.start(tls ? c.withTls(CertificateStore.selfSigned(dir.resolve("tls"))) : c);
        open.add(s);
        return s;
    }

    @Test
    void everyCasePassesAgainstCourierOverPlainTcpAndTheReportIsWritten() throws Exception {
        TransferServer s = receiver(false);
        Path report = dir.resolve("reports/transfer.xml");
        CliRun r = CliRun.run("conformance", "transfer", "127.0.0.1:" + s.port(), "--junit", report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        int cases = CliRun.run("conformance", "transfer", "--list").out().split("\n").length;
        assertThat(r.out()).contains("PASS  transfer.chunks.ack-n-asks-at-most-what-is-left  (How large the chunks "
                + "are)").doesNotContain("FAIL").endsWith(cases + " passed, 0 failed, 0 skipped\n");
        assertThat(Files.readString(report)).contains("<testsuite name=\"courier-conformance-transfer\"",
                "failures=\"0\"");
    }

    @Test
    void overTlsWithOnlyAndSkip() throws Exception {
        TransferServer s = receiver(true);
        CliRun r = CliRun.run("conformance", "transfer", "localhost:" + s.port(), "--tls", "--cacert",
                dir.resolve("tls").resolve(CertificateStore.CERT_FILE).toString(), "--only", "transfer.nacks.*",
                "--skip", "transfer.nacks.nack1-and-nack2-count-together");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS  transfer.nacks.past-the-limit-is-err-too-many-nacks")
                .doesNotContain("transfer.trailer.").doesNotContain("count-together")
                .endsWith("5 passed, 0 failed, 0 skipped\n");
        // The same receiver without --tls: the kit's plain bytes are no TLS handshake.
        assertThat(CliRun.run("conformance", "transfer", "localhost:" + s.port(), "--timeout", "1s", "--only",
                "transfer.first-frame.a-short-body-is-one-frame-answered-ack").code()).isEqualTo(ExitCodes.REFUSED);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void receiverModeChecksCourierSendOneRunPerCase(boolean tls) throws Exception {
        Path sample = dir.resolve("conformance-sample.bin");
        List<String> args = new ArrayList<>(List.of("conformance", "transfer", "--receiver-mode", "0", "--sample",
                sample.toString(), "--wait", "20s", "--junit", dir.resolve("sender.xml").toString()));
        List<String> send = new ArrayList<>(List.of("send"));
        if (tls) {
            args.add("--tls");
            send.addAll(List.of("--tls", "--cacert", dir.resolve("tls").resolve(CertificateStore.CERT_FILE).toString()));
        }
        Background kit = Background.start(ConformanceCommand.class, c -> { }, args.toArray(new String[0]));
        open.add(kit);
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> listening.matcher(kit.out()).find());
        Matcher m = listening.matcher(kit.out());
        assertThat(m.find()).isTrue();
        String port = m.group(1);
        assertThat(kit.out()).contains("sample file: " + sample.toAbsolutePath() + " (10000 bytes)",
                "run your sender 6 times", tls ? "(TLS)" : "(plain TCP)");
        List<Integer> codes = new ArrayList<>();
        send.addAll(List.of("127.0.0.1:" + port, sample.toString()));
        for (int i = 0; i < 6; i++) {
            codes.add(CliRun.run(send.toArray(new String[0])).code());
        }
        assertThat(kit.exitCode()).as(kit.out()).isEqualTo(ExitCodes.OK);
        // Only the ERR case's run fails, as a refusal.
        assertThat(codes).containsExactly(0, 0, 0, 0, 0, ExitCodes.REFUSED);
        assertThat(kit.out()).contains("PASS  transfer-sender.nacks.nack2-starts-again-from-the-first-frame")
                .endsWith("6 passed, 0 failed, 0 skipped\n");
        assertThat(Files.readString(dir.resolve("sender.xml"))).contains("courier-conformance-transfer-sender");
    }

    @Test
    void badUsageIsStatus2() {
        assertThat(CliRun.run("conformance", "transfer", "--receiver-mode", "0", "--list").out().lines())
                .contains("transfer-sender.nacks.nack1-gets-the-same-frame-again");
        assertThat(CliRun.run("conformance", "transfer", "127.0.0.1:1", "--insecure").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "transfer", "127.0.0.1:1", "--plain").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "transfer").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "transfer", "127.0.0.1:1", "--receiver-mode", "0").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("conformance", "kv", "127.0.0.1:1", "--tls").code()).isEqualTo(ExitCodes.USAGE);
        CliRun help = CliRun.run("conformance", "--help");
        assertThat(help.out()).contains("--receiver-mode", "conformance-");
    }
}
