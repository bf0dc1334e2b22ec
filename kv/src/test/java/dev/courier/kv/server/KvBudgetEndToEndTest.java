package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.config.Portion;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.store.SessionTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Session data is charged to the server-wide memory budget; a refused charge is {@code PUT: ERROR}, nothing lost. */
class KvBudgetEndToEndTest {
    /** Exactly one one-letter session with two entries of a two-letter key and a 1000-byte value: not a byte more. */
    private static final long LIMIT = SessionTable.SESSION_OVERHEAD_BYTES + 1
            + 2 * (SessionTable.ENTRY_OVERHEAD_BYTES + 2 + 1000);
    private final MemoryBudget budget = new MemoryBudget(LIMIT);

    /** The budget is what refuses here, so one address may use all of it (see KvAddressMemoryEndToEndTest). */
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withBudget(budget)
            .withLimits(cfg.limits().withMaxMemoryPerAddress(Portion.ofPercent(100))));

    private RawTlsConnection connected(String id) throws Exception {
        RawTlsConnection r = RawTlsConnection.open(kv.port());
        r.connect(id, Wire.hash(id.hashCode()));
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        return r;
    }

    @Test
    void chargesAsDataIsStoredAndReleasesOnReplaceDeleteAndErase() throws Exception {
        try (RawTlsConnection r = connected("s")) {
            long session = SessionTable.SESSION_OVERHEAD_BYTES + 1;
            assertThat(budget.used()).isEqualTo(session);
            r.send("PUT key\n" + Wire.repeat('v', 100) + "\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            long entry = SessionTable.ENTRY_OVERHEAD_BYTES + 3 + 100;
            assertThat(budget.used()).isEqualTo(session + entry);
            r.send("PUT key\n" + Wire.repeat('v', 40) + "\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(budget.used()).as("a shorter value gives the difference back").isEqualTo(session + entry - 60);
            r.send("DELETE key\n");
            assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
            assertThat(budget.used()).isEqualTo(session);
            r.send("PUT a\nb\nDISCONNECT\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("DISCONNECT: OK\n");
        }
        await().until(() -> budget.used() == 0);
    }

    @Test
    void aPutOverTheBudgetIsRefusedTheDataKeptAndTheSessionToo() throws Exception {
        try (RawTlsConnection a = connected("a")) {
            String big = Wire.repeat('x', 1000);
            a.send("PUT k1\n" + big + "\nPUT k2\n" + big + "\nPUT k3\n" + big + "\nPUT k1\n" + big + "y\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(a.readLine()).as("the budget is spent").isEqualTo("PUT: ERROR\n");
            assertThat(a.readLine()).as("a replacement that grows needs a charge too").isEqualTo("PUT: ERROR\n");
            long refused = budget.refused();
            assertThat(refused).isGreaterThanOrEqualTo(2);
            a.send("GET k1\nPUT k1\nsmall\nGET k1\n");
            assertThat(a.readLine()).as("stored data untouched").isEqualTo("GET " + big + "\n");
            assertThat(a.readLine()).isEqualTo(Wire.crc(big) + "\n");
            assertThat(a.readLine()).as("a replacement that shrinks needs nothing").isEqualTo("PUT: OK\n");
            assertThat(a.readLine()).isEqualTo("GET small\n");
            assertThat(a.readLine()).isEqualTo(Wire.crc("small") + "\n");
        }
    }

    @Test
    void aNewSessionIsRefusedWhenEvenItsOverheadCannotBeCharged() throws Exception {
        try (RawTlsConnection a = connected("a")) {
            String big = Wire.repeat('x', 1000);
            a.send("PUT k1\n" + big + "\nPUT k2\n" + big + "\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            try (RawTlsConnection b = RawTlsConnection.open(kv.port())) {
                b.connect("b", Wire.hash(2));
                assertThat(b.readLine()).isEqualTo("CONNECT: ERROR\n");
                assertThat(b.closedWithoutAnswer()).isTrue();
            }
            a.send("DELETE k1\n");
            assertThat(a.readLine()).isEqualTo("DELETE: OK\n");
            try (RawTlsConnection b = connected("b")) {
                b.send("PUT k\nv\n");
                assertThat(b.readLine()).isEqualTo("PUT: OK\n");
            }
        }
    }

    /**
     * Requests that wait for a client that does not read its answers are charged too: once the budget is spent,
     * the connection is closed (the session detached with its data, not erased) instead of holding more.
     */
    @Test
    void requestsWaitingForAClientThatDoesNotReadAreChargedAndBounded() throws Exception {
        MemoryBudget small = new MemoryBudget(64 * 1024);
        kv.start(kv.server().config().withBudget(small));
        RawTlsConnection flood = connected("flood");
        String value = Wire.repeat('v', 4091);
        flood.send("PUT k\n" + value + "\n");
        assertThat(flood.readLine()).isEqualTo("PUT: OK\n");
        long stored = small.used();
        // 20,000 GETs of a 4 KiB answer: far more than the outbound buffer holds, so requests wait, each charged.
        byte[] gets = Wire.bytes("GET k\n".repeat(20_000));
        Thread writer = new Thread(() -> {
            try {
                flood.output().write(gets);
                flood.output().flush();
            } catch (java.io.IOException e) {
                // Closed by the server: what this test expects.
            }
        }, "flood-writer");
        writer.setDaemon(true);
        writer.start();
        await().until(() -> kv.server().registry().detached() == 1);
        assertThat(small.refused()).as("the backlog hit the budget").isPositive();
        await().until(() -> small.used() == stored);
        flood.abort();
        writer.join(10_000);
        try (RawTlsConnection back = connected("flood")) {
            back.send("GET k\n");
            assertThat(back.readLine()).as("the data survived").isEqualTo("GET " + value + "\n");
        }
    }

    @Test
    void aDetachedSessionPastItsWindowGivesItsChargeBack() throws Exception {
        kv.start(kv.server().config().withLimits(kv.server().config().limits()
                .withResumeWindow(java.time.Duration.ofMillis(1))));
        try (RawTlsConnection a = connected("gone")) {
            a.send("PUT k\n" + Wire.repeat('x', 500) + "\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(budget.used()).isGreaterThan(500);
        }
        await().until(() -> budget.used() == 0);
        assertThat(kv.server().registry().table().sessions()).isZero();
    }
}
