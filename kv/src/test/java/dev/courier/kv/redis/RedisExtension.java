package dev.courier.kv.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Redis (or a three-master cluster) per test class, emptied before each test. Register it static:
 * {@code @RegisterExtension static RedisExtension redis = new RedisExtension();} or
 * {@code RedisExtension.cluster()}. Without redis-server on the PATH the tests fail, saying what to install.
 */
public final class RedisExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private final boolean clustered;
    private RedisProcess single;
    private RedisClusterProcess cluster;

    /** One plain TCP Redis. */
    public RedisExtension() {
        this(false);
    }

    private RedisExtension(boolean clustered) {
        this.clustered = clustered;
    }

    /** A three-master Redis Cluster. */
    public static RedisExtension cluster() {
        return new RedisExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RedisBinaries.require();
        if (clustered) {
            cluster = RedisClusterProcess.start();
        } else {
            single = RedisProcess.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (clustered) {
            boolean restarted = false;
            for (int i = 0; i < RedisClusterProcess.NODES; i++) {
                restarted |= revive(cluster.node(i));
            }
            if (restarted) {
                cluster.awaitOk(); // a restarted master rejoins from its nodes.conf, with its slots
            }
            // FLUSHALL empties one node only: each master holds its own slots' keys.
            for (int i = 0; i < RedisClusterProcess.NODES; i++) {
                cluster.node(i).cli("FLUSHALL");
            }
        } else {
            revive(single);
            single.cli("FLUSHALL");
        }
    }

    /** Resumes a paused server and restarts a stopped or killed one: a test's fault injection ends with it. */
    private static boolean revive(RedisProcess redis) {
        if (redis.isPaused()) {
            redis.resume();
        }
        if (!redis.isAlive()) {
            redis.restart();
            return true;
        }
        return false;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (single != null) {
            single.close();
            single = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /** The single server; fails for a cluster extension. */
    public RedisProcess process() {
        if (single == null) {
            throw new IllegalStateException(clustered ? "a cluster extension: use clusterProcess()" : "not started");
        }
        return single;
    }

    /** The cluster; fails for a single-server extension. */
    public RedisClusterProcess clusterProcess() {
        if (cluster == null) {
            throw new IllegalStateException(clustered ? "not started" : "a single-server extension: use process()");
        }
        return cluster;
    }

    /** The URI the store under test connects to: {@code redis://...} or {@code redis-cluster://...}. */
    public String uri() {
        return clustered ? clusterProcess().uri() : process().uri();
    }

    /** redis-cli against the server, or through the cluster with {@code -c}; returns standard output. */
    public String cli(String... args) {
        return clustered ? clusterProcess().cli(args) : process().cli(args);
    }
}
