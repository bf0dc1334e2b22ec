package dev.courier.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test
    void chargesUpToTheLimitAndRefusesPastIt() {
        MemoryBudget b = new MemoryBudget(100);
        assertThat(b.tryCharge(60)).isTrue();
        assertThat(b.tryCharge(41)).isFalse();
        assertThat(b.used()).isEqualTo(60);
        assertThat(b.tryCharge(40)).isTrue();
        assertThat(b.available()).isZero();
        assertThat(b.refused()).isEqualTo(1);
        b.release(100);
        assertThat(b.used()).isZero();
    }

    @Test
    void aHugeChargeCannotOverflowIntoAcceptance() {
        MemoryBudget b = new MemoryBudget(Long.MAX_VALUE - 1);
        assertThat(b.tryCharge(10)).isTrue();
        assertThat(b.tryCharge(Long.MAX_VALUE)).isFalse();
        assertThat(b.used()).isEqualTo(10);
    }

    @Test
    void aLeaseGivesBackWhatItHoldsWhenClosed() {
        MemoryBudget b = new MemoryBudget(1000);
        MemoryBudget.Lease l = b.lease();
        assertThat(l.tryCharge(300)).isTrue();
        assertThat(l.tryCharge(300)).isTrue();
        l.release(100);
        assertThat(l.held()).isEqualTo(500);
        assertThat(b.used()).isEqualTo(500);
        l.close();
        assertThat(b.used()).isZero();
        assertThat(l.tryCharge(1)).as("a closed lease charges nothing").isFalse();
        assertThat(b.used()).isZero();
    }

    @Test
    void aLeaseCannotReleaseMoreThanItHolds() {
        MemoryBudget b = new MemoryBudget(1000);
        MemoryBudget.Lease l = b.lease();
        l.tryCharge(10);
        assertThatThrownBy(() -> l.release(11)).isInstanceOf(IllegalStateException.class);
        assertThat(b.used()).isEqualTo(10);
    }

    @Test
    void concurrentChargesNeverPassTheLimit() throws Exception {
        MemoryBudget b = new MemoryBudget(10_000);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 10_000; j++) {
                    if (b.tryCharge(7)) {
                        granted.incrementAndGet();
                    }
                }
            });
            ts[i].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(b.used()).isEqualTo(granted.get() * 7L).isLessThanOrEqualTo(10_000);
        assertThat(granted.get()).isEqualTo(10_000 / 7);
    }

    @Test
    void theDefaultIsAShareOfTheHeap() {
        assertThat(MemoryBudget.defaultLimit())
                .isEqualTo((long) (Runtime.getRuntime().maxMemory() * MemoryBudget.DEFAULT_HEAP_SHARE));
    }
}
