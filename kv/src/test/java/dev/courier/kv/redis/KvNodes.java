package dev.courier.kv.redis;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvServerConfig;
import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.redis.RedisStoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Courier KV nodes in this process, all on one Redis: a deployment of N nodes behind a load balancer. */
final class KvNodes implements AutoCloseable {
    private final List<KvServer> servers = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    /** Starts {@code n} nodes on {@code redis}, each with its config changed by {@code customize}. */
    static KvNodes start(int n, RedisStoreConfig redis, UnaryOperator<KvServerConfig> customize) throws Exception {
        KvNodes nodes = new KvNodes();
        try {
            for (int i = 0; i < n; i++) {
                Path dir = Files.createTempDirectory("courier-kv-node");
                nodes.dirs.add(dir);
                KvServerConfig cfg = KvServerConfig.loopback(0, KvServerExtension.certificates(),
                        dir.resolve("kv/accounts")).withStorage(KvStorage.redis(redis));
                nodes.servers.add(KvServer.start(customize.apply(cfg)));
            }
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
        return nodes;
    }

    /** Node {@code i}'s port. */
    int port(int i) {
        return servers.get(i).port();
    }

    /** Node {@code i}. */
    KvServer server(int i) {
        return servers.get(i);
    }

    /** Stops node {@code i} gracefully (its bound sessions are released: they wait for their clients). */
    void stop(int i) {
        KvServer s = servers.set(i, null);
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < servers.size(); i++) {
            stop(i);
        }
        for (Path d : dirs) {
            try (var walk = Files.walk(d)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is harmless.
            }
        }
    }
}
