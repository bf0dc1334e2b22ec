package dev.courier.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryBudgetShareTest {
    @Test
    void aShareRefusesPastItsOwnCapAndChargesItsParent() {
        MemoryBudget whole = new MemoryBudget(1000);
        MemoryBudget kv = whole.share("kv", 750);
        assertThat(kv.tryCharge(700)).isTrue();
        assertThat(kv.tryCharge(51)).isFalse();
        assertThat(kv.used()).isEqualTo(700);
        assertThat(whole.used()).isEqualTo(700);
        assertThat(kv.available()).isEqualTo(50);
        assertThat(kv.refused()).isEqualTo(1);
        assertThat(whole.refused()).as("a share's refusals count in the whole too").isEqualTo(1);
        kv.release(700);
        assertThat(kv.used()).isZero();
        assertThat(whole.used()).isZero();
    }

    @Test
    void aShareRefusesWhenTheParentIsFullAndRollsItselfBack() {
        MemoryBudget whole = new MemoryBudget(1000);
        MemoryBudget kv = whole.share("kv", 750);
        MemoryBudget transfer = whole.share("transfer", 750);
        assertThat(transfer.tryCharge(600)).isTrue();
        assertThat(kv.available()).isEqualTo(400);
        assertThat(kv.tryCharge(401)).isFalse();
        assertThat(kv.used()).isZero();
        assertThat(whole.used()).isEqualTo(600);
        assertThat(kv.tryCharge(400)).isTrue();
        assertThat(whole.available()).isZero();
        assertThat(whole.used()).isEqualTo(1000);
    }

    @Test
    void aShareOfAShareObeysEveryAncestor() {
        MemoryBudget whole = new MemoryBudget(1000);
        MemoryBudget kv = whole.share("kv", 750);
        MemoryBudget address = kv.share("address 127.0.0.1", 5000);
        assertThat(address.limit()).isEqualTo(750);
        MemoryBudget other = whole.share("transfer", 750);
        assertThat(other.tryCharge(500)).isTrue();
        assertThat(address.tryCharge(501)).isFalse();
        assertThat(address.used()).isZero();
        assertThat(kv.used()).isZero();
        assertThat(address.tryCharge(500)).isTrue();
        assertThat(kv.used()).isEqualTo(500);
        address.release(200);
        assertThat(whole.used()).isEqualTo(800);
        address.forceCharge(1000);
        assertThat(kv.used()).isEqualTo(1300);
        assertThat(whole.used()).isEqualTo(1800);
        assertThat(address.tryCharge(1)).isFalse();
    }

    @Test
    void aLeaseOnAShareChargesBothAndGivesBothBack() {
        MemoryBudget whole = new MemoryBudget(1000);
        MemoryBudget transfer = whole.share("transfer", 500);
        MemoryBudget.Lease lease = transfer.lease();
        assertThat(lease.tryCharge(300)).isTrue();
        assertThat(lease.tryCharge(201)).isFalse();
        assertThat(lease.held()).isEqualTo(300);
        assertThat(whole.used()).isEqualTo(300);
        lease.close();
        assertThat(transfer.used()).isZero();
        assertThat(whole.used()).isZero();
    }

    @Test
    void concurrentChargesNeverPassEitherCap() throws InterruptedException {
        MemoryBudget whole = new MemoryBudget(10_000);
        List<MemoryBudget> shares = List.of(whole.share("a", 7_500), whole.share("b", 7_500),
                whole.share("c", 7_500));
        AtomicLong worstWhole = new AtomicLong();
        AtomicLong worstShare = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            MemoryBudget share = shares.get(t % shares.size());
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200_000; i++) {
                    long n = 1 + i % 97;
                    if (share.tryCharge(n)) {
                        worstShare.accumulateAndGet(share.used(), Math::max);
                        worstWhole.accumulateAndGet(whole.used(), Math::max);
                        share.release(n);
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        // Each share is nearly full, so the threads race at both caps.
        shares.get(0).forceCharge(7_400);
        shares.get(1).forceCharge(2_500);
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(worstShare.get()).isLessThanOrEqualTo(7_500);
        assertThat(worstWhole.get()).isLessThanOrEqualTo(10_000);
        assertThat(shares.get(2).used()).isZero();
        assertThat(whole.used()).isEqualTo(9_900);
        assertThat(whole.refused() + shares.get(0).refused()).isPositive();
    }

    @Test
    void addressSharesCountHoldersAndCapTheirBytesTogether() {
        MemoryBudget kv = new MemoryBudget(1000);
        AddressShares shares = new AddressShares(kv, 250, 2);
        MemoryBudget first = shares.acquire("127.0.0.1");
        MemoryBudget second = shares.acquire("127.0.0.1");
        assertThat(first).isSameAs(second);
        assertThat(shares.acquire("127.0.0.1")).isNull();
        assertThat(first.tryCharge(250)).isTrue();
        assertThat(second.tryCharge(1)).isFalse();
        MemoryBudget other = shares.acquire("127.0.0.2");
        assertThat(other.tryCharge(250)).isTrue();
        assertThat(shares.used("127.0.0.1")).isEqualTo(250);
        assertThat(kv.used()).isEqualTo(500);
        first.release(250);
        shares.release("127.0.0.1");
        shares.release("127.0.0.1");
        assertThat(shares.held("127.0.0.1")).isZero();
        assertThat(shares.addresses()).isEqualTo(1);
        assertThat(shares.acquire("127.0.0.1")).isNotSameAs(first);
    }
}
