package dev.courier.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster extension: every master is emptied, and running again, before each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterExtensionTest {
    @RegisterExtension
    static RedisExtension redis = RedisExtension.cluster();

    @Test
    @Order(1)
    void aTestLeavesKeysOnEveryMaster() {
        assertThat(redis.uri()).startsWith("redis-cluster://127.0.0.1:");
        for (int i = 0; i < 30; i++) {
            redis.cli("SET", "key-" + i, "v");
        }
        for (int n = 0; n < RedisClusterProcess.NODES; n++) {
            assertThat(Integer.parseInt(redis.clusterProcess().node(n).cli("DBSIZE").trim())).isPositive();
        }
    }

    @Test
    @Order(2)
    void theNextFindsEveryMasterEmptyAndMayKillOne() {
        for (int n = 0; n < RedisClusterProcess.NODES; n++) {
            assertThat(redis.clusterProcess().node(n).cli("DBSIZE").trim()).isEqualTo("0");
        }
        redis.cli("SET", "left", "behind");
        redis.clusterProcess().node(1).kill();
        redis.clusterProcess().node(2).pause();
    }

    @Test
    @Order(3)
    void theNextFindsEveryMasterBackInAnOkCluster() {
        for (int n = 0; n < RedisClusterProcess.NODES; n++) {
            RedisProcess node = redis.clusterProcess().node(n);
            assertThat(node.isAlive()).isTrue();
            assertThat(node.isPaused()).isFalse();
            assertThat(node.cli("cluster", "info")).contains("cluster_state:ok", "cluster_known_nodes:3");
            assertThat(node.cli("DBSIZE").trim()).isEqualTo("0");
        }
        assertThat(redis.cli("SET", "again", "v").trim()).isEqualTo("OK");
    }
}
