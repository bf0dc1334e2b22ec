package dev.courier.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FairExecutorTest {
    private FairExecutor executor;

    @AfterEach
    void close() {
        executor.close();
    }

    /** Occupies the one thread until released, so the order of everything queued behind it can be seen. */
    private CountDownLatch blockTheThread(String key) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        executor.submit(key, () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    void keysTakeTurnsSoABacklogDelaysAnotherKeyByOneTask() throws Exception {
        executor = new FairExecutor("t", 1, 100, 100);
        CountDownLatch release = blockTheThread("attacker");
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "attacker" + i;
            executor.submit("attacker", () -> order.add(name));
        }
        CompletableFuture<Boolean> good = executor.submit("good", () -> order.add("good"));
        executor.submit("other", () -> order.add("other"));
        release.countDown();
        good.get(5, TimeUnit.SECONDS);
        CompletableFuture<Boolean> last = executor.submit("z", () -> true);
        last.get(5, TimeUnit.SECONDS);
        assertThat(order).startsWith("attacker0", "good", "other", "attacker1", "attacker2");
        assertThat(order).hasSize(12);
    }

    @Test
    void aKeyHoldsAtMostItsShareWaitingOrRunning() throws Exception {
        executor = new FairExecutor("t", 1, 100, 3);
        CountDownLatch release = blockTheThread("a");
        executor.submit("a", () -> 1);
        executor.submit("a", () -> 2);
        CompletableFuture<Integer> refused = executor.submit("a", () -> 3);
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(FairExecutor.KeyFullException.class);
        assertThat(executor.held("a")).isEqualTo(3);
        assertThat(executor.submit("b", () -> 4)).isNotCompletedExceptionally();
        release.countDown();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> executor.held("a") == 0);
        assertThat(executor.submit("a", () -> 5).get(5, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void theWholeQueueIsBounded() throws Exception {
        executor = new FairExecutor("t", 1, 2, 10);
        CountDownLatch release = blockTheThread("a");
        executor.submit("b", () -> 1);
        executor.submit("c", () -> 2);
        CompletableFuture<Integer> refused = executor.submit("d", () -> 3);
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .cause().isExactlyInstanceOf(FairExecutor.QueueFullException.class);
        assertThat(executor.queued()).isEqualTo(2);
        release.countDown();
    }

    @Test
    void aFailingTaskFailsItsFutureAndFreesItsSlot() throws Exception {
        executor = new FairExecutor("t", 2, 10, 1);
        CompletableFuture<Integer> f = executor.submit("a", () -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> executor.held("a") == 0);
        assertThat(executor.submit("a", () -> 7).get(5, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void closeFailsWhatWaits() throws Exception {
        executor = new FairExecutor("t", 1, 10, 10);
        blockTheThread("a");
        CompletableFuture<Integer> waiting = executor.submit("b", () -> 1);
        executor.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FairExecutor.QueueFullException.class);
        assertThat(executor.submit("c", () -> 1)).isCompletedExceptionally();
    }
}
