package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.cli.attack.KvPeer;
import dev.courier.cli.attack.ServerProcess;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code courier serve} as a process: work in flight (a large transfer, a pipelined KV burst) finishes
 * within {@code --shutdown-grace} and the process exits 0; a transfer that cannot finish in time is cut, its
 * temporary file removed, and the log says what was cut.
 */
class ServeDrainIT {
    private static final int FILE_BYTES = 32 << 20;
    /** The sender pauses once the server has acknowledged more than this, until the test lets it go on. */
    private static final long PAUSE_AFTER = 1 << 20;
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void aLargeTransferInFlightAtSigtermCompletesAndTheServerExitsZero() throws Exception {
        byte[] body = random(FILE_BYTES);
        Path file = Files.write(tmp.resolve("big.bin"), body);
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), "--kv-port", "off", "--mail-port",
                "off", "--transfer-port", "0")) {
            try (TransferClient c = TransferClient.connect(
                    TransferClientConfig.plain("127.0.0.1", server.port("transfer")))) {
                CompletableFuture<Object> send = sendPausing(c, file);
                assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
                server.terminate();
                // The drain has begun while most of the body is still to come.
                await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains("stopping: no new"));
                release.countDown();
                assertThat(send.get(20, TimeUnit.SECONDS)).isNotInstanceOf(Throwable.class);
            }
            assertThat(server.awaitExit(EXIT_WITHIN)).isZero();
            assertThat(server.log()).doesNotContain("ran out");
        }
        Path inbox = tmp.resolve("data/inbox");
        assertThat(names(inbox)).containsExactly("big.bin");
        assertThat(sha256(Files.readAllBytes(inbox.resolve("big.bin")))).isEqualTo(sha256(body));
    }

    @Test
    void aTransferThatOutlastsAShortGraceIsCutLoggedAndLeavesNoPartFile() throws Exception {
        Path file = Files.write(tmp.resolve("big.bin"), random(FILE_BYTES));
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), "--kv-port", "off", "--mail-port",
                "off", "--transfer-port", "0", "--shutdown-grace", "1s")) {
            try (TransferClient c = TransferClient.connect(
                    TransferClientConfig.plain("127.0.0.1", server.port("transfer")))) {
                CompletableFuture<Object> send = sendPausing(c, file);
                assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
                server.terminate();
                // The sender stays paused past the grace: the server must cut it and still exit 0.
                assertThat(server.awaitExit(EXIT_WITHIN)).isZero();
                release.countDown();
                assertThat(send.get(20, TimeUnit.SECONDS)).isInstanceOf(TransferException.class);
            }
            assertThat(server.log()).containsPattern("transfer: grace of 1 s ran out: cut 1 connection: "
                    + "transfer in flight \\(from /127\\.0\\.0\\.1:\\d+, [0-9.]+ MiB of 32\\.0 MiB\\)");
        }
        assertThat(names(tmp.resolve("data/inbox"))).isEmpty();
    }

    @Test
    void aPipelinedKvBurstInFlightAtSigtermGetsEveryReply() throws Exception {
        int pairs = 3000;
        String value = "v".repeat(4000);
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), "--kv-port", "0", "--mail-port",
                "off", "--transfer-port", "off", "--kv-rsa-port", "off")) {
            SSLContext tls = KvPeer.trusting(tmp.resolve("data/tls/server.crt"));
            try (KvPeer peer = KvPeer.open(tls, "127.0.0.1", server.port("kv"), Duration.ofSeconds(20))) {
                assertThat(peer.connect("drain")).isEqualTo("CONNECT: OK");
                // Each pair: a PUT of a new key, then a GET of a 4000-byte value. Nothing is read until SIGTERM,
                // so the server stops at its write buffer's mark with most of the burst not yet answered.
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                burst.writeBytes(("PUT big\n" + value + "\n").getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < pairs; i++) {
                    burst.writeBytes(("PUT k" + i + "\nx" + i + "\nGET big\n").getBytes(StandardCharsets.US_ASCII));
                }
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        peer.send(burst.toByteArray());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                // The first answer and the whole burst written: the server holds the burst when SIGTERM comes.
                assertThat(peer.line()).isEqualTo("PUT: OK");
                sent.get(10, TimeUnit.SECONDS);
                server.terminate();
                await().atMost(Duration.ofSeconds(10)).until(() -> server.log().contains("stopping: no new"));
                String crc = Long.toString(crc32(value));
                for (int i = 0; i < pairs; i++) {
                    assertThat(peer.line()).as("answer to PUT k%d", i).isEqualTo("PUT: OK");
                    assertThat(peer.line()).as("answer to GET %d", i).isEqualTo("GET " + value);
                    assertThat(peer.line()).isEqualTo(crc);
                }
                // Every request answered, the server closes the connection.
                assertThat(closedByServer(peer)).isTrue();
            }
            assertThat(server.awaitExit(EXIT_WITHIN)).isZero();
            assertThat(server.log()).doesNotContain("ran out");
        }
    }

    private CompletableFuture<Object> sendPausing(TransferClient c, Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.sendFile(file, (stage, done, total) -> {
                    if (stage == TransferProgress.Stage.SENDING && done > PAUSE_AFTER && paused.getCount() > 0) {
                        paused.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            } catch (TransferException e) {
                return e;
            }
        });
    }

    private static boolean closedByServer(KvPeer peer) {
        try {
            peer.line();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static long crc32(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.US_ASCII));
        return c.getValue();
    }

    private static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
