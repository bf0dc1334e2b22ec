package dev.courier.cli.scaleout;

import static dev.courier.cli.scaleout.RedisNodes.LEASE;
import static dev.courier.cli.scaleout.RedisNodes.hash;
import static dev.courier.cli.scaleout.RedisNodes.millisSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.cli.attack.ServerProcess;
import dev.courier.kv.redis.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13: fencing of a paused owner. Node A is frozen (SIGSTOP) for more than three leases while its client
 * stays connected; the session is resumed and written on node B; when A runs again its client's stale write is
 * refused by Redis (the token A holds is no longer the lease's), and B's value stays, in Redis and for B's client.
 */
class KvFencingIT {
    private static final Logger LOG = LoggerFactory.getLogger(KvFencingIT.class);
    private static final String ID = "fenced";
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** How long node A stays frozen: past three leases. */
    private static final Duration FROZEN = LEASE.multipliedBy(3).plusMillis(500);
    private static final Duration POLL = Duration.ofMillis(50);

    /** One real Redis for the class, emptied before each test. */
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @TempDir
    Path dir;

    @Test
    void aPausedOwnerCannotWriteAfterItResumes() throws Exception {
        try (ServerProcess a = RedisNodes.start(dir.resolve("node-a"), redis.uri());
             ServerProcess b = RedisNodes.start(dir.resolve("node-b"), redis.uri());
             NodeConnection client1 = NodeConnection.open(a, READ_TIMEOUT_MILLIS)) {
            assertThat(client1.connect(ID, hash(ID))).isEqualTo("CONNECT: OK");
            assertThat(client1.put("k", "v1")).isEqualTo("PUT: OK");

            long t0 = System.nanoTime();
            a.pause();
            AtomicInteger refused = new AtomicInteger();
            AtomicReference<NodeConnection> on = new AtomicReference<>();
            // Within the frozen time: B may take the session once A's last renewal has lapsed.
            await().atMost(FROZEN).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
                NodeConnection c = NodeConnection.tryConnect(b, ID, READ_TIMEOUT_MILLIS).orElse(null);
                if (c == null) {
                    refused.incrementAndGet();
                    return false;
                }
                on.set(c);
                return true;
            });
            long taken = millisSince(t0);
            try (NodeConnection client2 = on.get()) {
                assertThat(client2.put("k", "v2")).isEqualTo("PUT: OK");
                long rest = FROZEN.toMillis() - millisSince(t0);
                if (rest > 0) {
                    // Not a wait for a condition: node A stays frozen for the whole of FROZEN, whatever B did.
                    Thread.sleep(rest);
                }
                long frozen = millisSince(t0);
                a.resume();

                long t1 = System.nanoTime();
                String stalePut = client1.put("k", "stale");
                long stalePutMs = millisSince(t1);
                String staleGet = client1.get("k");
                String fresh = client2.get("k");
                String inRedis = redis.cli("HGET", RedisNodes.dataKey(ID), "k").trim();
                LOG.info("fencing: node A frozen {} ms (lease {} ms); node B refused {} CONNECTs, then took the "
                        + "session {} ms after the SIGSTOP; after SIGCONT A answered the stale PUT with '{}' in {} ms "
                        + "and the GET with '{}'; B reads '{}', Redis holds '{}'", frozen, LEASE.toMillis(),
                        refused.get(), taken, stalePut, stalePutMs, staleGet, fresh, inRedis);
                assertThat(stalePut).as("the stale owner's PUT after SIGCONT").isEqualTo("PUT: ERROR");
                assertThat(staleGet).as("the stale owner's GET after SIGCONT (ERROR)").isEqualTo(NodeConnection.ERROR);
                assertThat(fresh).as("GET k on node B").isEqualTo("v2");
                assertThat(inRedis).as("HGET %s k", RedisNodes.dataKey(ID)).isEqualTo("v2");
                assertThat(taken).as("node B took the session only after a lease (ms after the SIGSTOP)")
                        .isGreaterThanOrEqualTo(LEASE.toMillis() / 2);
                // A itself knows why: it saw the lease refused.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.log())
                        .contains("the lease on session " + ID + " lapsed"));
            }
        }
    }
}
