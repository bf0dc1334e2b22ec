package dev.courier.kv.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.server.KvServerConfig;
import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions survive a restart of the server (in-process, graceful stop): they come back detached with their data and
 * password digest, resumable with the right hash; erased sessions stay erased; restored data is charged to the
 * budget. The journal's own crash behaviour is tested with the journal; crashes of the real process by the jar ITs.
 */
abstract class PersistenceCases {
    static final byte[] RIGHT = Wire.hash(0x31);
    static final byte[] WRONG = Wire.hash(0x32);

    /** Keeps sessions under the test's data directory in {@code mode}. */
    static UnaryOperator<KvServerConfig> kept(Persistence mode) {
        return cfg -> cfg.withStorage(new KvStorage(mode, sessionsDir(cfg), JournalSettings.defaults()));
    }

    static Path sessionsDir(KvServerConfig cfg) {
        return cfg.accountsFile().getParent().resolve("sessions");
    }

    abstract KvServerExtension kv();

    RawTlsConnection connected(String id, byte[] hash) throws Exception {
        RawTlsConnection r = RawTlsConnection.open(kv().port());
        r.connect(id, hash);
        assertThat(r.readLine()).as("CONNECT " + id).isEqualTo("CONNECT: OK\n");
        return r;
    }

    String connect(String id, byte[] hash) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv().port())) {
            r.connect(id, hash);
            return r.readLine();
        }
    }

    void putAndLeave(String id, String key, String value) throws Exception {
        try (RawTlsConnection r = connected(id, RIGHT)) {
            r.send("PUT " + key + "\n" + value + "\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
    }

    @Test
    void sessionsComeBackDetachedAndResumeWithTheirData() throws Exception {
        putAndLeave("alice", "k", "alice's value");
        try (RawTlsConnection r = connected("bob", RIGHT)) {
            for (int i = 0; i < 50; i++) {
                r.send("PUT k" + i + "\nv" + i + "\n");
            }
            for (int i = 0; i < 50; i++) {
                assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            }
            r.send("DELETE k7\n");
            assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
        }
        await().until(() -> kv().server().registry().detached() == 2);
        kv().restart();
        assertThat(kv().server().store().sessions()).isEqualTo(2);
        assertThat(kv().server().registry().detached()).as("restored detached").isEqualTo(2);
        assertThat(connect("alice", WRONG)).as("the digest came back, not a new session").isEqualTo("CONNECT: ERROR\n");
        try (RawTlsConnection r = connected("alice", RIGHT)) {
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET alice's value\n");
            assertThat(r.readLine()).isEqualTo(Wire.crc("alice's value") + "\n");
        }
        try (RawTlsConnection r = connected("bob", RIGHT)) {
            r.send("GET k49\nGET k7\n");
            assertThat(r.readLine()).isEqualTo("GET v49\n");
            assertThat(r.readLine()).isEqualTo(Wire.crc("v49") + "\n");
            assertThat(r.readLine()).as("the delete survived too").isEqualTo("GET: ERROR\n");
        }
    }

    @Test
    void aSessionBoundAtTheStopIsDetachedAfterIt() throws Exception {
        RawTlsConnection held = connected("carol", RIGHT);
        held.send("PUT k\nkept\n");
        assertThat(held.readLine()).isEqualTo("PUT: OK\n");
        kv().restart();
        held.close();
        try (RawTlsConnection r = connected("carol", RIGHT)) {
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET kept\n");
        }
    }

    @Test
    void disconnectedAndViolatingSessionsStayErased() throws Exception {
        try (RawTlsConnection r = connected("gone", RIGHT)) {
            r.send("PUT k\nv\nDISCONNECT\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("DISCONNECT: OK\n");
        }
        try (RawTlsConnection r = connected("rude", RIGHT)) {
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            r.send("FROB\n");
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        await().until(() -> kv().server().store().sessions() == 0);
        kv().restart();
        assertThat(kv().server().store().sessions()).isZero();
        for (String id : new String[] {"gone", "rude"}) {
            try (RawTlsConnection r = connected(id, WRONG)) {
                r.send("GET k\n");
                assertThat(r.readLine()).as(id + " starts empty").isEqualTo("GET: ERROR\n");
            }
        }
    }

    @Test
    void restoredDataIsChargedToTheMemoryBudget() throws Exception {
        String big = "x".repeat(4000);
        try (RawTlsConnection r = connected("heavy", RIGHT)) {
            for (int i = 0; i < 20; i++) {
                r.send("PUT k" + i + "\n" + big + "\n");
                assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            }
        }
        await().until(() -> kv().server().registry().detached() == 1);
        KvServerConfig small = kv().server().config().withBudget(new MemoryBudget(16 * 1024));
        assertThatThrownBy(() -> kv().start(small)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("raise --max-memory");
        kv().start(small.withBudget(MemoryBudget.unlimited()));
        assertThat(kv().server().store().budget().used()).as("charged as it was read back")
                .isGreaterThan(20 * 4000L);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawTlsConnection r = connected("pipe", RIGHT)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                batch.append("PUT k").append(i).append("\nv").append(i).append("\nGET k").append(i).append('\n');
                if (i % 3 == 0) {
                    batch.append("DELETE k").append(i).append('\n');
                }
            }
            r.send(batch.toString());
            for (int i = 0; i < 200; i++) {
                assertThat(r.readLine()).isEqualTo("PUT: OK\n");
                assertThat(r.readLine()).isEqualTo("GET v" + i + "\n");
                assertThat(r.readLine()).isEqualTo(Wire.crc("v" + i) + "\n");
                if (i % 3 == 0) {
                    assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
                }
            }
        }
    }

    @Test
    void manyClientsWaitingForEachAnswerAreAllAnswered() throws Exception {
        // One request at a time per connection: an answer that came while it was being queued must still leave
        // (a lost wake-up here hangs the client until its read times out).
        int clients = 16;
        int each = 150;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String id = "many" + c;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    try (RawTlsConnection r = connected(id, RIGHT)) {
                        for (int i = 0; i < each; i++) {
                            r.send("PUT k\nv" + i + "\n");
                            if (r.readLine().equals("PUT: OK\n")) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : done) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(each);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
