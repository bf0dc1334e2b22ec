package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.net.Drain;
import dev.courier.transfer.TestBytes;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.TransferServerExtension;
import dev.courier.transfer.client.TransferClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TransferServer#close(Duration)}: a transfer in flight finishes within the grace, or is cut with no trace. */
class TransferDrainTest {
    private static final int SIZE = 8 << 20;
    /** The sender pauses once the receiver has acknowledged more than this. */
    private static final long PAUSE_AFTER = 1 << 20;

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c);

    /** A sender that pauses mid-body until {@link #release} counts down; tells when it paused and at what offset. */
    private final CountDownLatch paused = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicLong pausedAt = new AtomicLong();

    private CompletableFuture<Object> sendPausing(TransferClient c, Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.sendFile(file, (stage, done, total) -> {
                    if (stage == TransferProgress.Stage.SENDING && done > PAUSE_AFTER && paused.getCount() > 0) {
                        pausedAt.set(done);
                        paused.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
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

    @Test
    void aTransferInFlightAtCloseFinishesAndIsDelivered() throws Exception {
        byte[] body = TestBytes.random(SIZE, 7);
        Path f = Files.write(ext.outbox().resolve("big.bin"), body);
        try (TransferClient c = ext.client()) {
            CompletableFuture<Object> send = sendPausing(c, f);
            assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<String>> close =
                    CompletableFuture.supplyAsync(() -> ext.server().close(Duration.ofSeconds(20)));
            // The receiver no longer accepts: the drain has begun while the body is half sent.
            await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(ext.server().address()));
            release.countDown();
            assertThat(send.get(20, TimeUnit.SECONDS)).isNotInstanceOf(TransferException.class);
            assertThat(close.get(20, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(TestBytes.names(ext.inbox())).containsExactly("big.bin");
        assertThat(TestBytes.sha256(Files.readAllBytes(ext.inbox().resolve("big.bin"))))
                .isEqualTo(TestBytes.sha256(body));
    }

    @Test
    void aTransferThatOutlastsTheGraceIsCutNamedAndLeavesNoTemporaryFile() throws Exception {
        Path f = Files.write(ext.outbox().resolve("big.bin"), TestBytes.random(SIZE, 8));
        try (TransferClient c = ext.client()) {
            CompletableFuture<Object> send = sendPausing(c, f);
            assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(TestBytes.names(ext.inbox())).hasSize(1).allMatch(n -> n.endsWith(".part"));
            List<String> cut = ext.server().close(Duration.ofMillis(300));
            release.countDown();
            assertThat(cut).singleElement().satisfies(line -> {
                assertThat(line).startsWith("transfer in flight (from /127.0.0.1:");
                assertThat(line).endsWith(", " + Drain.bytes(pausedAt.get()) + " of 8.0 MiB)");
            });
            assertThat(send.get(20, TimeUnit.SECONDS)).isInstanceOf(TransferException.class);
        }
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
    }

    @Test
    void anIdleConnectionDoesNotHoldTheClose() throws Exception {
        try (TransferClient c = ext.client()) {
            c.send("before");
            long start = System.nanoTime();
            assertThat(ext.server().close(Duration.ofSeconds(20))).isEmpty();
            // Closed at once, not at the end of the grace.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(() -> !c.isOpen());
        }
    }

    private static boolean accepts(InetSocketAddress a) {
        try (Socket s = new Socket()) {
            s.connect(a, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
