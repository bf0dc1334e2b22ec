package dev.courier.kv.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.Wire;
import dev.courier.kv.redis.RedisExtension;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionStore.Claim;
import dev.courier.kv.store.SessionStore.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store on a real three-master Redis Cluster: a session's keys share a slot, and two nodes share it. */
class RedisClusterStoreTest {
    @RegisterExtension
    static final RedisExtension CLUSTER = RedisExtension.cluster();

    @Test
    void twoNodesOnAClusterShareSessionsWhoseKeysShareOneSlot() throws Exception {
        byte[] hash = Wire.hash(0x51);
        RedisStoreConfig cfg = RedisStoreConfig.of(CLUSTER.uri());
        try (RedisSessionStore a = RedisSessionStore.open(cfg, null, MemoryBudget.unlimited(), 100, 100, 1 << 20,
                Duration.ofMinutes(1));
             RedisSessionStore b = RedisSessionStore.open(cfg, null, MemoryBudget.unlimited(), 100, 100, 1 << 20,
                     Duration.ofMinutes(1))) {
            for (int i = 0; i < 30; i++) {
                String id = "user" + i + "{odd}";
                SessionStore.Connected c = a.connect(new Claim(id, hash, new Object(), null))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(c.outcome()).isEqualTo(Outcome.CREATED);
                assertThat(a.put(c.hold(), "k", bytes("v" + i)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                        .isEqualTo(SessionStore.Stored.STORED);
                a.release(c.hold());
                SessionStore.Connected[] r = new SessionStore.Connected[1];
                await().until(() -> {
                    r[0] = b.connect(new Claim(id, hash, new Object(), null)).toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                    return r[0].outcome().ok();
                });
                assertThat(r[0].outcome()).isEqualTo(Outcome.RESUMED);
                assertThat(b.get(r[0].hold(), "k").toCompletableFuture().get(10, TimeUnit.SECONDS))
                        .isEqualTo(bytes("v" + i));
            }
            String escaped = "courier:s:{user0%7Bodd%7D}:";
            String slot = CLUSTER.cli("CLUSTER", "KEYSLOT", escaped + "m").trim();
            assertThat(CLUSTER.cli("CLUSTER", "KEYSLOT", escaped + "d").trim()).isEqualTo(slot);
            assertThat(CLUSTER.cli("CLUSTER", "KEYSLOT", escaped + "l").trim()).isEqualTo(slot);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
