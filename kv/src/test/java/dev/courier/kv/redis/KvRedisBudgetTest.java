package dev.courier.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.store.redis.RedisStoreConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the sessions in Redis, PUTs waiting for Redis hold their values on the node: they are charged to the memory
 * budget as they wait, so a client that pipelines large PUTs while Redis is slow is cut off at the budget instead
 * of growing the heap, and the node serves others once Redis answers.
 */
class KvRedisBudgetTest {
    private static final long LIMIT = 256 << 10;

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private final MemoryBudget budget = new MemoryBudget(LIMIT);
    private KvNodes nodes;

    @AfterEach
    void stop() {
        if (REDIS.process().isPaused()) {
            REDIS.process().resume();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void putsWaitingForASlowRedisAreChargedAndTheirClientIsCutOffAtTheBudget() throws Exception {
        nodes = KvNodes.start(1, RedisStoreConfig.of(REDIS.uri()).withTimeout(Duration.ofSeconds(5)),
                c -> c.withBudget(budget));
        String value = Wire.repeat('v', 4000);
        try (RawTlsConnection attacker = RawTlsConnection.open(nodes.port(0))) {
            attacker.connect("greedy", Wire.hash(1));
            assertThat(attacker.readLine()).isEqualTo("CONNECT: OK\n");
            REDIS.process().pause();
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append("PUT k").append(i).append('\n').append(value).append('\n');
            }
            // 800 KB of values waiting for Redis against a 256 KiB budget: the node closes the connection.
            boolean closed;
            try {
                attacker.send(burst.toString());
                closed = attacker.closedWithoutAnswer();
            } catch (java.io.IOException e) {
                closed = true; // reset while still sending: the node had closed already
            }
            assertThat(closed).isTrue();
            assertThat(budget.used()).isLessThanOrEqualTo(LIMIT);
        }
        REDIS.process().resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> budget.used() == 0);
        try (RawTlsConnection good = RawTlsConnection.open(nodes.port(0))) {
            good.connect("good", Wire.hash(2));
            assertThat(good.readLine()).isEqualTo("CONNECT: OK\n");
            good.send("PUT k\nv\nGET k\n");
            assertThat(good.readLine()).isEqualTo("PUT: OK\n");
            assertThat(good.readLine()).isEqualTo("GET v\n");
        }
    }
}
