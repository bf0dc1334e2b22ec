package dev.courier.kv.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.core.tls.CertificateStore;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: real redis-server processes started, stopped, killed, paused and clustered. */
class RedisProcessTest {
    private static RedisClusterProcess cluster;

    /** One cluster for the cluster tests: starting one takes a few seconds. */
    private static synchronized RedisClusterProcess cluster() throws Exception {
        if (cluster == null) {
            cluster = RedisClusterProcess.start();
        }
        return cluster;
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void startsAnswersStopsAndRestartsOnTheSamePort() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            int port = redis.port();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(RespPing.ping("127.0.0.1", port, 1000)).isEqualTo("+PONG\r\n");
            assertThat(redis.cli("ping").trim()).isEqualTo("PONG");
            assertThat(redis.cli("CONFIG", "GET", "appendonly")).contains("no");
            redis.cli("SET", "k", "v", "PX", "60000");
            assertThat(Long.parseLong(redis.cli("PTTL", "k").trim())).isBetween(1L, 60000L);

            redis.stop();
            assertThat(redis.isAlive()).isFalse();
            assertThatThrownBy(() -> RespPing.ping("127.0.0.1", port, 1000)).isInstanceOf(ConnectException.class);

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(RespPing.ping("127.0.0.1", port, 1000)).isEqualTo("+PONG\r\n");
            assertThat(redis.cli("DBSIZE").trim()).as("--save \"\": nothing survives a restart").isEqualTo("0");
        }
    }

    @Test
    void killedThenRestartedKeepsItsDirectoryAndExtraArguments() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always")) {
            int port = redis.port();
            redis.cli("SET", "k", "v");
            redis.kill();
            assertThat(redis.isAlive()).isFalse();
            assertThatThrownBy(() -> RespPing.ping("127.0.0.1", port, 1000)).isInstanceOf(ConnectException.class);

            redis.restart();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.cli("GET", "k").trim()).as("replayed from the append-only file in the same directory")
                    .isEqualTo("v");
        }
    }

    @Test
    void aPausedServerLetsPingTimeOutAndAnswersAgainOnceResumed() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            redis.pause();
            assertThatThrownBy(() -> RespPing.ping("127.0.0.1", redis.port(), 300))
                    .isInstanceOf(SocketTimeoutException.class);
            redis.resume();
            assertThat(RespPing.ping("127.0.0.1", redis.port(), 1000)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void closeDeletesTheDirectory() throws Exception {
        Path dir;
        try (RedisProcess redis = RedisProcess.start()) {
            dir = redis.dir();
            assertThat(dir.resolve("redis.log")).exists();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aServerThatCannotStartReportsItsLog() {
        assertThatThrownBy(() -> RedisProcess.start("--no-such-directive", "yes"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start in " + RedisProcess.START_ATTEMPTS + " attempts")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void aTlsServerAnswersOverTlsOnly(@TempDir Path tmp) throws Exception {
        CertificateStore.selfSigned(tmp);
        Path cert = tmp.resolve(CertificateStore.CERT_FILE);
        try (RedisProcess redis = RedisProcess.tls(cert, tmp.resolve(CertificateStore.KEY_FILE))) {
            assertThat(redis.uri()).isEqualTo("rediss://localhost:" + redis.port());
            assertThat(redis.cli("ping").trim()).isEqualTo("PONG");
            assertThat(RespPing.answers(redis.port(), 300)).as("plain RESP on the TLS port").isFalse();
            assertThat(Files.readString(redis.dir().resolve("redis.log"))).contains("Ready to accept connections");
        }
    }

    @Test
    void theClusterComesUpWithThreeKnownNodes() throws Exception {
        RedisClusterProcess c = cluster();
        assertThat(c.ports()).hasSize(3).doesNotHaveDuplicates();
        assertThat(c.uri()).isEqualTo("redis-cluster://127.0.0.1:" + c.ports().get(0) + ",127.0.0.1:"
                + c.ports().get(1) + ",127.0.0.1:" + c.ports().get(2));
        for (int i = 0; i < RedisClusterProcess.NODES; i++) {
            String info = c.node(i).cli("cluster", "info");
            assertThat(info).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_slots_assigned:16384");
        }
    }

    @Test
    void aKeySetThroughTheClusterIsReadableFromAnyNode() throws Exception {
        RedisClusterProcess c = cluster();
        for (int i = 0; i < 10; i++) {
            assertThat(c.cli("SET", "key-" + i, "value-" + i).trim()).isEqualTo("OK");
        }
        int total = 0;
        for (int n = 0; n < RedisClusterProcess.NODES; n++) {
            for (int i = 0; i < 10; i++) {
                assertThat(c.node(n).cli("-c", "GET", "key-" + i).trim()).isEqualTo("value-" + i);
            }
            total += Integer.parseInt(c.node(n).cli("DBSIZE").trim());
        }
        assertThat(total).as("each key on one master").isEqualTo(10);
    }
}
