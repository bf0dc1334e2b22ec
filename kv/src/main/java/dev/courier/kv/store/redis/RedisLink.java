package dev.courier.kv.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections to Redis and the way scripts are run on them: EVALSHA, and EVAL once when Redis has forgotten the
 * script (after its restart). With the KV server's event loops, there is one connection per loop, on that loop: a
 * command issued by a connection's handler is written, and its answer handled, on the handler's own thread (no
 * hand-off, no wake-up), and everything one loop sends runs in Redis in the order it was sent. Tracks outages: the
 * first failure of an outage is logged once, the first success after it too.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    /** One connection to Redis (or to a Cluster) and how to close it. */
    private record Line(AutoCloseable client, StatefulConnection<byte[], byte[]> connection,
                        RedisScriptingAsyncCommands<byte[], byte[]> commands) {
    }

    private final RedisStoreConfig config;
    private final ClientResources resources;
    private final List<Line> lines;
    /** Which line each event loop uses (empty without shared loops: line 0 for all). */
    private final Map<EventExecutor, Line> byLoop;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicLong failures = new AtomicLong();

    private RedisLink(RedisStoreConfig config, ClientResources resources, List<Line> lines,
                      Map<EventExecutor, Line> byLoop) {
        this.config = config;
        this.resources = resources;
        this.lines = lines;
        this.byLoop = byLoop;
    }

    /** Connects to the store {@code config} names, on its own event loop. */
    static RedisLink open(RedisStoreConfig config) {
        return open(config, null);
    }

    /**
     * Connects to the store {@code config} names; throws with a readable message when it cannot. With
     * {@code loops} (the KV server's), one connection per loop, on it, instead of a thread of its own.
     */
    static RedisLink open(RedisStoreConfig config, EventLoopGroup loops) {
        // Reconnect attempts every 100 ms doubling to 1 s (Lettuce's default grows to 30 s): service comes back
        // within about a second of Redis.
        ClientResources.Builder rb = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1);
        List<EventExecutor> executors = new ArrayList<>();
        if (loops != null) {
            loops.forEach(executors::add);
            rb.eventLoopGroupProvider(new SharedLoops(loops, executors));
        }
        ClientResources resources = rb
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        List<Line> lines = new ArrayList<>();
        try {
            // SharedLoops gives each client the next loop, in this order.
            for (int i = 0; i < Math.max(1, executors.size()); i++) {
                lines.add(connect(config, resources));
            }
        } catch (RuntimeException e) {
            lines.forEach(RedisLink::closeLine);
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot reach the KV store at " + config.redacted() + ": "
                    + rootMessage(e), e);
        }
        Map<EventExecutor, Line> byLoop = new IdentityHashMap<>();
        for (int i = 0; i < executors.size(); i++) {
            byLoop.put(executors.get(i), lines.get(i));
        }
        return new RedisLink(config, resources, List.copyOf(lines), byLoop);
    }

    private static Line connect(RedisStoreConfig config, ClientResources resources) {
        TimeoutOptions timeouts = TimeoutOptions.enabled(config.timeout());
        SslOptions ssl = config.cacert() == null ? null
                : SslOptions.builder().jdkSslProvider().trustManager(config.cacert().toFile()).build();
        List<RedisURI> uris = config.endpoints().stream().map(u -> {
            RedisURI r = RedisURI.create(u);
            r.setTimeout(config.timeout());
            return r;
        }).toList();
        if (config.cluster()) {
            ClusterClientOptions.Builder b = ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(Duration.ofSeconds(30)).build());
            // A Cluster connects to each master when a command first goes to its slots: commands must wait for
            // that connection rather than be refused; the timeout still bounds the wait.
            b.timeoutOptions(timeouts).autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
            if (ssl != null) {
                b.sslOptions(ssl);
            }
            RedisClusterClient client = RedisClusterClient.create(resources, uris);
            client.setOptions(b.build());
            StatefulRedisClusterConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
            return new Line(client::shutdown, c, c.async());
        }
        ClientOptions.Builder b = ClientOptions.builder().timeoutOptions(timeouts).autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        if (ssl != null) {
            b.sslOptions(ssl);
        }
        RedisClient client = RedisClient.create(resources, uris.get(0));
        client.setOptions(b.build());
        StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
        return new Line(client::shutdown, c, c.async());
    }

    /** The caller's loop's connection, or the first. */
    private RedisScriptingAsyncCommands<byte[], byte[]> commands() {
        if (!byLoop.isEmpty()) {
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            Line l = loop == null ? null : byLoop.get(loop);
            if (l != null) {
                return l.commands();
            }
        }
        return lines.get(0).commands();
    }

    /** Runs {@code script} with {@code keys} and {@code args}; the answer as Redis gave it (Long, byte[], List). */
    CompletableFuture<Object> run(RedisScript script, byte[][] keys, byte[]... args) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        RedisScriptingAsyncCommands<byte[], byte[]> commands = commands();
        commands.<Object>evalsha(script.sha(), outputOf(script), keys, args).whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                commands.<Object>eval(script.source(), outputOf(script), keys, args)
                        .whenComplete((v2, e2) -> settle(out, v2, e2));
            } else {
                settle(out, v, cause);
            }
        });
        return out;
    }

    private void settle(CompletableFuture<Object> out, Object v, Throwable e) {
        observe(e);
        if (e == null) {
            out.complete(v);
        } else {
            out.completeExceptionally(e);
        }
    }

    private static ScriptOutputType outputOf(RedisScript script) {
        return script == RedisScript.PEEK || script == RedisScript.WRITE || script == RedisScript.RESUME
                ? ScriptOutputType.MULTI
                : ScriptOutputType.INTEGER;
    }

    /** Logs the first failure of an outage and the first success after one. */
    private void observe(Throwable e) {
        if (e == null) {
            if (!healthy.get() && healthy.compareAndSet(false, true)) {
                LOG.info("kv: the store at {} answers again", config.redacted());
            }
            return;
        }
        failures.incrementAndGet();
        if (healthy.compareAndSet(true, false)) {
            LOG.warn("kv: the store at {} does not answer ({}): commands are answered ERROR until it does",
                    config.redacted(), rootMessage(e));
        }
    }

    /**
     * Sends Redis a PING: completes when it answers, fails when it does not (within the link's timeout). For health
     * checks, which must see an outage even while no client sends commands.
     */
    CompletableFuture<Void> ping() {
        CompletableFuture<Void> out = new CompletableFuture<>();
        if (!(lines.get(0).commands() instanceof BaseRedisAsyncCommands<?, ?> base)) {
            out.completeExceptionally(new IllegalStateException("this connection cannot PING"));
            return out;
        }
        base.ping().whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            observe(cause);
            if (cause == null) {
                out.complete(null);
            } else {
                out.completeExceptionally(cause);
            }
        });
        return out;
    }

    /** Whether the last command succeeded (false from the first failure of an outage to the next success). */
    boolean healthy() {
        return healthy.get();
    }

    /** Commands that failed since the link opened. */
    long failures() {
        return failures.get();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void closeLine(Line l) {
        try {
            l.connection().close();
            l.client().close();
        } catch (Exception e) {
            LOG.debug("closing a connection to the KV store", e);
        }
    }

    @Override
    public void close() {
        try {
            lines.forEach(RedisLink::closeLine);
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
