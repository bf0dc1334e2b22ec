package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.transfer.TestBytes;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferMessage;
import dev.courier.transfer.TransferServerExtension;
import dev.courier.transfer.client.TransferClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransferServerTest {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c);

    @Test
    void portZeroBindsAFreePortAndReportsIt() {
        assertThat(ext.port()).isPositive();
        assertThat(ext.server().address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void closeWakesABlockedListen() throws Exception {
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                ext.server().listen();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(100);
        ext.server().close();
        Throwable t = waiter.get();
        assertThat(t).isInstanceOfSatisfying(TransferException.class,
                e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.CLOSED));
        assertThatThrownBy(() -> ext.server().listen()).isInstanceOf(TransferException.class);
    }

    @Test
    void aHandlerSetLaterGetsTheMessagesAlreadyWaitingFirst() throws Exception {
        try (TransferClient c = ext.client()) {
            c.send("early");
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        ext.server().listen(m -> seen.add(((TransferMessage.Text) m).text()));
        try (TransferClient c = ext.client()) {
            c.send("late");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactlyInAnyOrder("early", "late");
        assertThatThrownBy(() -> ext.server().listen(m -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void overwriteModeReplacesFilesOfTheSameName() throws Exception {
        ext.start(ext.server().config().withOverwrite(true).withPort(0));
        Path f = ext.outbox().resolve("same.txt");
        try (TransferClient c = ext.client()) {
            c.sendFile(Files.write(f, new byte[] {1}));
            c.sendFile(Files.write(f, new byte[] {2}));
        }
        assertThat(TestBytes.names(ext.inbox())).containsExactly("same.txt");
        assertThat(Files.readAllBytes(ext.inbox().resolve("same.txt"))).containsExactly(2);
    }

    @Test
    void aClosedReceiverDropsTransfersInProgressAndTheirTemporaryFiles() throws Exception {
        Path f = Files.write(ext.outbox().resolve("big.bin"), TestBytes.random(8 << 20, 1));
        try (TransferClient c = ext.client()) {
            CompletableFuture<Object> send = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.sendFile(f, (stage, done, total) -> {
                        if (stage == dev.courier.transfer.TransferProgress.Stage.SENDING && done > (5 << 20)) {
                            ext.server().close();
                        }
                    });
                } catch (TransferException e) {
                    return e;
                }
            });
            assertThat(send.get()).isInstanceOf(TransferException.class);
        }
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
    }
}
