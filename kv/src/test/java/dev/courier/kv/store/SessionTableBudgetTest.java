package dev.courier.kv.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.budget.MemoryBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The store's charges to the memory budget: exact per operation, and all given back however erases race puts. */
class SessionTableBudgetTest {
    private static final SaltedDigest CREDENTIAL = SaltedDigest.of(new byte[32]);

    @Test
    void everyOperationChargesOrReleasesItsEstimate() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        SessionTable store = new SessionTable(10, 10, 1000, budget);
        assertThat(store.create("ab", CREDENTIAL)).isEqualTo(SessionTable.Created.CREATED);
        long session = SessionTable.SESSION_OVERHEAD_BYTES + 2;
        assertThat(budget.used()).isEqualTo(session);
        assertThat(store.put("ab", "k", new byte[10])).isEqualTo(SessionStore.Stored.STORED);
        assertThat(budget.used()).isEqualTo(session + SessionTable.ENTRY_OVERHEAD_BYTES + 11);
        assertThat(store.put("ab", "k", new byte[30])).isEqualTo(SessionStore.Stored.STORED);
        assertThat(budget.used()).isEqualTo(session + SessionTable.ENTRY_OVERHEAD_BYTES + 31);
        assertThat(store.put("ab", "k", new byte[2000])).as("over the session's own cap: nothing charged")
                .isEqualTo(SessionStore.Stored.TOO_MANY_BYTES);
        assertThat(budget.used()).isEqualTo(session + SessionTable.ENTRY_OVERHEAD_BYTES + 31);
        store.delete("ab", "k");
        assertThat(budget.used()).isEqualTo(session);
        store.erase("ab");
        assertThat(budget.used()).isZero();
    }

    @Test
    void aRefusedChargeStoresNothingAndAFullBudgetRefusesNewSessions() {
        long limit = SessionTable.SESSION_OVERHEAD_BYTES + 1 + SessionTable.ENTRY_OVERHEAD_BYTES + 5;
        MemoryBudget budget = new MemoryBudget(limit);
        SessionTable store = new SessionTable(10, 10, 1000, budget);
        store.create("a", CREDENTIAL);
        assertThat(store.put("a", "k", new byte[4])).isEqualTo(SessionStore.Stored.STORED);
        assertThat(store.put("a", "x", new byte[0])).isEqualTo(SessionStore.Stored.NO_MEMORY);
        assertThat(store.put("a", "k", new byte[5])).isEqualTo(SessionStore.Stored.NO_MEMORY);
        assertThat(store.get("a", "k")).hasSize(4);
        assertThat(store.keys("a")).isEqualTo(1);
        assertThat(store.create("b", CREDENTIAL)).isEqualTo(SessionTable.Created.NO_MEMORY);
        assertThat(store.sessions()).as("a refused session does not count").isEqualTo(1);
        assertThat(budget.used()).isEqualTo(limit);
    }

    @Test
    void erasesRacingPutsLeaveNothingCharged() throws Exception {
        MemoryBudget budget = MemoryBudget.unlimited();
        SessionTable store = new SessionTable(1000, 1000, 1 << 20, budget);
        int rounds = 2000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int me = t;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    String id = "s" + (i % 7);
                    if (me == 0) {
                        store.erase(id);
                    } else {
                        store.create(id, CREDENTIAL);
                        store.put(id, "k" + (i % 13), new byte[i % 50]);
                        store.delete(id, "k" + (i % 11));
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(30_000);
        }
        for (int i = 0; i < 7; i++) {
            store.erase("s" + i);
        }
        assertThat(store.sessions()).isZero();
        assertThat(budget.used()).as("every charge given back").isZero();
    }
}
