package dev.courier.conformance.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.conformance.Result;
import dev.courier.conformance.Runner;
import dev.courier.conformance.Target;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kit in receiver mode: Courier's own sender passes every case, and each broken sender written here fails
 * exactly the cases of the rule it breaks. The sender runs once per case, as a teacher's script would run it.
 */
class SenderConformanceTest {
    @TempDir
    Path dir;

    private KitReceiver receiver;
    private Path sample;
    private final ExecutorService kit = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    /** One run of the sender under test. */
    @FunctionalInterface
    private interface SenderRun {
        void run() throws Exception;
    }

    @BeforeEach
    void listen() throws IOException {
        receiver = KitReceiver.listen("127.0.0.1", 0);
        sample = dir.resolve("conformance-sample.bin");
        SenderCases.writeSample(sample);
    }

    @AfterEach
    void close() throws IOException {
        kit.shutdownNow();
        receiver.close();
    }

    /** Runs the cases against {@code sender}, each read waiting at most {@code timeout}. */
    private List<Result> runAgainst(Duration timeout, SenderRun sender) throws Exception {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Target t = new Target("127.0.0.1", receiver.port(), Target.Tls.plain(), timeout);
        Future<List<Result>> results = kit.submit(() -> Runner.run(SenderCases.all(receiver, sample,
                Duration.ofSeconds(10), out), t, Runner.select(List.of(), List.of()), out));
        for (int i = 0; i < SenderCases.names().size(); i++) {
            try {
                sender.run();
            } catch (Exception e) {
                // A sender that the kit refused or caught out fails its run; the next run is the next case.
            }
        }
        return results.get(60, TimeUnit.SECONDS);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void courierSenderPassesEveryCase() throws Exception {
        List<TransferException> refusals = new CopyOnWriteArrayList<>();
        List<Result> r = runAgainst(Duration.ofSeconds(5), () -> {
            try (TransferClient c = TransferClient.connect(TransferClientConfig.plain("127.0.0.1", receiver.port()))) {
                c.sendFile(sample);
            } catch (TransferException e) {
                refusals.add(e);
            }
        });
        assertThat(r).hasSize(SenderCases.names().size()).as(printed())
                .allSatisfy(x -> assertThat(x.status()).as(x.kase().name() + "\n" + printed())
                        .isEqualTo(Result.Status.PASS));
        // The ERR case is the one run the sender must fail, with the kit's reason.
        assertThat(refusals).singleElement().satisfies(e -> assertThat(e.getMessage())
                .isEqualTo("the receiver refused: " + SenderCases.REFUSAL));
        assertThat(printed()).contains("WAIT  for the sender's next run: send " + sample + " (waiting up to 10 s)")
                .endsWith("6 passed, 0 failed, 0 skipped\n");
    }

    @Test
    void courierSenderPassesEveryCaseOverTls() throws Exception {
        receiver.close();
        Path tls = dir.resolve("tls");
        receiver = KitReceiver.listenTls("127.0.0.1", 0, CertificateStore.selfSigned(tls));
        TransferClientConfig config = TransferClientConfig.tls("localhost", receiver.port(),
                ClientTrust.caFile(tls.resolve(CertificateStore.CERT_FILE)));
        List<Result> r = runAgainst(Duration.ofSeconds(5), () -> {
            try (TransferClient c = TransferClient.connect(config)) {
                c.sendFile(sample);
            }
        });
        assertThat(r).hasSize(6).as(printed()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Result.Status.PASS));
    }

    @Test
    void aPlainSenderFailsTheTlsHandshake() throws Exception {
        receiver.close();
        receiver = KitReceiver.listenTls("127.0.0.1", 0, CertificateStore.selfSigned(dir.resolve("tls")));
        byte[] body = Files.readAllBytes(sample);
        List<Result> r = runAgainst(Duration.ofSeconds(2), () -> ScriptedSender.send(receiver.port(), body,
                "conformance-sample.bin", ScriptedSender.Bug.NONE));
        assertThat(r).as(printed()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Result.Status.FAIL));
        assertThat(printed()).contains("the TLS handshake failed");
    }

    @Test
    void theScriptedSenderWithoutBugsPassesEveryCase() throws Exception {
        byte[] body = Files.readAllBytes(sample);
        List<Result> r = runAgainst(Duration.ofSeconds(5), () -> ScriptedSender.send(receiver.port(), body,
                "conformance-sample.bin", ScriptedSender.Bug.NONE));
        assertThat(r).as(printed()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Result.Status.PASS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IGNORES_NACK1 | transfer-sender.nacks.nack1-gets-the-same-frame-again"
            + " | after NACK1 on the first frame, the sender must send the same first frame again",
        "DOES_NOT_RESTART_ON_NACK2 | transfer-sender.nacks.nack2-starts-again-from-the-first-frame"
            + " | after NACK2, the sender must start the message again from its first frame",
        "WRONG_CRC | transfer-sender.frames.a-message-is-well-formed,"
            + "transfer-sender.chunks.ack-1-and-ack-7-get-exactly-1-and-7-bytes,"
            + "transfer-sender.chunks.sizes-that-do-not-double-are-followed,"
            + "transfer-sender.nacks.nack1-gets-the-same-frame-again,"
            + "transfer-sender.nacks.nack2-starts-again-from-the-first-frame | the CRC-32 of the chunk is wrong",
        "IGNORES_ACK_N | transfer-sender.frames.a-message-is-well-formed,"
            + "transfer-sender.chunks.ack-1-and-ack-7-get-exactly-1-and-7-bytes,"
            + "transfer-sender.chunks.sizes-that-do-not-double-are-followed,"
            + "transfer-sender.nacks.nack1-gets-the-same-frame-again,"
            + "transfer-sender.nacks.nack2-starts-again-from-the-first-frame | more bytes than the frame holds",
        "SENDS_A_PATH | transfer-sender.frames.a-message-is-well-formed,"
            + "transfer-sender.chunks.ack-1-and-ack-7-get-exactly-1-and-7-bytes,"
            + "transfer-sender.chunks.sizes-that-do-not-double-are-followed,"
            + "transfer-sender.nacks.nack1-gets-the-same-frame-again,"
            + "transfer-sender.nacks.nack2-starts-again-from-the-first-frame"
            + " | a name the receiver must refuse: a path separator",
    })
    void eachBrokenSenderFailsExactlyTheCasesOfItsRule(ScriptedSender.Bug bug, String failing, String why)
            throws Exception {
        byte[] body = Files.readAllBytes(sample);
        // Short reads: the sender that ignores ACK n leaves the kit waiting in four cases.
        List<Result> r = runAgainst(Duration.ofSeconds(2), () -> ScriptedSender.send(receiver.port(), body,
                "conformance-sample.bin", bug));
        List<String> expected = List.of(failing.split(","));
        assertThat(r.stream().filter(x -> x.status() == Result.Status.FAIL).map(x -> x.kase().name()))
                .as(printed()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(printed()).contains("FAIL  " + expected.get(0), why, "sent:", "expected:", "received:");
    }

    @Test
    void theListOfCasesNeedsNoReceiver() {
        assertThat(SenderCases.names()).hasSize(6).allSatisfy(n -> assertThat(n).startsWith("transfer-sender."));
        assertThatThrownBy(() -> KitReceiver.listen("127.0.0.1", receiver.port())).isInstanceOf(IOException.class);
    }
}
