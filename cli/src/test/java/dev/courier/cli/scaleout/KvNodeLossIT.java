package dev.courier.cli.scaleout;

import static dev.courier.cli.scaleout.RedisNodes.LEASE;
import static dev.courier.cli.scaleout.RedisNodes.STOP;
import static dev.courier.cli.scaleout.RedisNodes.hash;
import static dev.courier.cli.scaleout.RedisNodes.millisSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.cli.attack.ServerProcess;
import dev.courier.kv.redis.RedisExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13: the node that owns a session goes away, and its client finds the session, every value in it, on
 * another node of the same Redis. After a clean stop (SIGTERM) at once, since the owner releases its lease on the
 * way out; after {@code kill -9} only once the lease has lapsed, and no sooner: until then the session is still
 * bound and the other node refuses the CONNECT.
 */
class KvNodeLossIT {
    private static final Logger LOG = LoggerFactory.getLogger(KvNodeLossIT.class);
    private static final int KEYS = 50;
    /** How long a read on a client connection waits: far past the store timeout, so only a hang reaches it. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** How soon after a clean stop the session must be resumable elsewhere ("within a few seconds"). */
    private static final Duration CLEAN_RESUME = Duration.ofSeconds(3);
    /** The bound on the resume after a kill: the lease, and two seconds for the renewal period and the retries. */
    private static final Duration KILL_RESUME = LEASE.plusSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    /** One real Redis for the class, emptied before each test. */
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    private ServerProcess a;
    private ServerProcess b;

    @BeforeEach
    void startNodes() throws Exception {
        a = RedisNodes.start(dir.resolve("node-a"), redis.uri());
        b = RedisNodes.start(dir.resolve("node-b"), redis.uri());
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (ServerProcess n : new ServerProcess[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void aSessionIsResumedOnAnotherNodeAtOnceAfterItsOwnerStopsCleanly() throws Exception {
        String id = "clean-stop";
        Map<String, String> values;
        try (NodeConnection onA = NodeConnection.open(a, READ_TIMEOUT_MILLIS)) {
            assertThat(onA.connect(id, hash(id))).isEqualTo("CONNECT: OK");
            values = fill(onA, id);

            long t0 = System.nanoTime();
            assertThat(a.stop(STOP)).as("SIGTERM of the owner exits 0; its log:%n%s", a.log()).isZero();
            long stopped = millisSince(t0);
            // Looked at before any lease could lapse by itself: the owner deleted it on its way out.
            String leaseAfterStop = redis.cli("EXISTS", RedisNodes.leaseKey(id)).trim();
            assertThatThrownBy(onA::readLine).as("the stopped owner's client connection").isInstanceOf(IOException.class);

            AtomicInteger refused = new AtomicInteger();
            try (NodeConnection onB = resume(b, id, CLEAN_RESUME, refused)) {
                long resumed = millisSince(t0);
                LOG.info("clean stop: SIGTERM of the owner took {} ms; the lease key right after it: {} (0: released); "
                        + "the session resumed on node B {} ms after the SIGTERM, {} CONNECTs refused before",
                        stopped, leaseAfterStop, resumed, refused.get());
                assertThat(leaseAfterStop).as("EXISTS %s right after the owner's SIGTERM ended (0: released)",
                        RedisNodes.leaseKey(id)).isEqualTo("0");
                verify(onB, values);
            }
        }
    }

    @Test
    void afterKill9TheSessionIsBusyUntilTheLeaseLapsesThenResumedWithEveryValue() throws Exception {
        String id = "kill-9";
        Map<String, String> values;
        try (NodeConnection onA = NodeConnection.open(a, READ_TIMEOUT_MILLIS);
             // Handshaken before the kill, so that the first CONNECT reaches node B well within the lease.
             NodeConnection early = NodeConnection.open(b, READ_TIMEOUT_MILLIS)) {
            assertThat(onA.connect(id, hash(id))).isEqualTo("CONNECT: OK");
            values = fill(onA, id);

            long t0 = System.nanoTime();
            int status = a.kill();
            long killed = millisSince(t0);
            String first = early.connect(id, hash(id));
            long firstAt = millisSince(t0);
            assertThat(first).as("CONNECT on node B %d ms after the kill of the owner, the lease %d ms: still bound",
                    firstAt, LEASE.toMillis()).isEqualTo("CONNECT: ERROR");

            AtomicInteger refused = new AtomicInteger(1);
            Duration left = KILL_RESUME.minusMillis(millisSince(t0));
            try (NodeConnection onB = resume(b, id, left, refused)) {
                long resumed = millisSince(t0);
                LOG.info("kill -9 of the owner (exit {}, dead {} ms after the signal): node B answered CONNECT: "
                        + "ERROR {} ms after the kill, {} times in all, then resumed the session {} ms after the "
                        + "kill (lease {} ms, bound {} ms)", status, killed, firstAt, refused.get(), resumed,
                        LEASE.toMillis(), KILL_RESUME.toMillis());
                assertThat(resumed).as("ms from the kill to the resume on node B").isLessThan(KILL_RESUME.toMillis());
                verify(onB, values);
            }
        }
    }

    /** PUTs {@link #KEYS} values, each acknowledged, and returns them. */
    private static Map<String, String> fill(NodeConnection c, String id) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "key-" + i;
            String value = id + "/value-" + i + "/" + "x".repeat(i);
            assertThat(c.put(key, value)).as("PUT %s", key).isEqualTo("PUT: OK");
            values.put(key, value);
        }
        return values;
    }

    /** Every value is there, exactly. */
    private static void verify(NodeConnection c, Map<String, String> values) throws IOException {
        for (Map.Entry<String, String> kv : values.entrySet()) {
            assertThat(c.get(kv.getKey())).as("GET %s on node B", kv.getKey()).isEqualTo(kv.getValue());
        }
    }

    /**
     * CONNECTs to {@code node} on new connections until one is answered OK, within {@code atMost}; counts the
     * refusals in {@code refused}.
     */
    private static NodeConnection resume(ServerProcess node, String id, Duration atMost, AtomicInteger refused) {
        AtomicReference<NodeConnection> ok = new AtomicReference<>();
        await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
            NodeConnection c = NodeConnection.tryConnect(node, id, READ_TIMEOUT_MILLIS).orElse(null);
            if (c == null) {
                refused.incrementAndGet();
                return false;
            }
            ok.set(c);
            return true;
        });
        return ok.get();
    }
}
