package dev.courier.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The single-server extension: one server for the class, empty and running at the start of every test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisExtensionTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();
    private static int firstPort;

    @Test
    @Order(1)
    void aTestLeavesAKeyAndKillsTheServer() {
        firstPort = redis.process().port();
        assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + firstPort);
        redis.cli("SET", "left", "behind");
        redis.process().kill();
    }

    @Test
    @Order(2)
    void theNextFindsTheSameServerRunningAndEmpty() {
        assertThat(redis.process().port()).isEqualTo(firstPort);
        assertThat(redis.cli("DBSIZE").trim()).isEqualTo("0");
        redis.cli("SET", "left", "behind");
        redis.process().pause();
    }

    @Test
    @Order(3)
    void aPausedServerIsResumedAndFlushed() {
        assertThat(redis.process().isPaused()).isFalse();
        assertThat(redis.cli("DBSIZE").trim()).isEqualTo("0");
    }
}
