package dev.courier.kv.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three real Redis Cluster masters on free loopback ports, slots spread by {@code redis-cli --cluster create}, no
 * replicas: the smallest cluster a client must follow MOVED redirections in.
 */
public final class RedisClusterProcess implements AutoCloseable {
    /** Masters in the cluster. */
    public static final int NODES = 3;
    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private final List<RedisProcess> nodes;

    private RedisClusterProcess(List<RedisProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts the three nodes, joins them and waits until every node reports {@code cluster_state:ok}. */
    public static RedisClusterProcess start() throws IOException {
        List<RedisProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                // A short node timeout makes a killed node's failure visible to tests within seconds.
                nodes.add(RedisProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException | IOException e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        }
    }

    private void create() {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        nodes.forEach(n -> args.add("127.0.0.1:" + n.port()));
        args.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        nodes.get(0).cli(args.toArray(String[]::new));
    }

    /** Waits until every node reports {@code cluster_state:ok}, e.g. after a node's {@link RedisProcess#restart}. */
    public void awaitOk() {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        String info = "";
        while (System.currentTimeMillis() < deadline) {
            boolean ok = true;
            for (RedisProcess n : nodes) {
                info = n.cli("cluster", "info");
                ok &= info.contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster", e);
            }
        }
        throw new IllegalStateException("cluster not ok within " + READY_TIMEOUT_MILLIS + " ms; last cluster info:\n"
                + info + "\nnode 0 log:\n" + nodes.get(0).logTail());
    }

    /** The nodes' ports, in node order. */
    public List<Integer> ports() {
        return nodes.stream().map(RedisProcess::port).collect(Collectors.toList());
    }

    /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}. */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** Node {@code i} (0 to 2), to kill, pause or query one master. */
    public RedisProcess node(int i) {
        return nodes.get(i);
    }

    /** {@code redis-cli -c} through node 0: follows redirections, so any key can be read or written. */
    public String cli(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "-c";
        System.arraycopy(args, 0, all, 1, args.length);
        return nodes.get(0).cli(all);
    }

    /** Kills every node and deletes their directories. */
    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }
}
