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
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to Redis (one multiplexed connection, commands pipelined in the order they are issued) and the way
 * scripts are run on it: EVALSHA, and EVAL once when Redis has forgotten the script (after its restart). Tracks
 * outages: the first failure of an outage is logged once, the first success after it too.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);

    private final RedisStoreConfig config;
    private final ClientResources resources;
    private final AutoCloseable client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisScriptingAsyncCommands<byte[], byte[]> commands;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicLong failures = new AtomicLong();

    private RedisLink(RedisStoreConfig config, ClientResources resources, AutoCloseable client,
                      StatefulConnection<byte[], byte[]> connection, RedisScriptingAsyncCommands<byte[], byte[]> commands) {
        this.config = config;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
    }

    /** Connects to the store {@code config} names, on its own event loop. */
    static RedisLink open(RedisStoreConfig config) {
        return open(config, null);
    }

    /**
     * Connects to the store {@code config} names; throws with a readable message when it cannot. With
     * {@code loops} (the KV server's), the connection runs on one of them instead of a thread of its own.
     */
    static RedisLink open(RedisStoreConfig config, io.netty.channel.EventLoopGroup loops) {
        // Reconnect attempts every 100 ms doubling to 1 s (Lettuce's default grows to 30 s): service comes back
        // within about a second of Redis.
        ClientResources.Builder rb = ClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1);
        if (loops != null) {
            rb.eventLoopGroupProvider(new SharedLoops(loops));
        }
        ClientResources resources = rb
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        // Commands come from many connections' threads, each written and flushed on its own: merge
                        // the flushes of what arrives together, so Redis reads many commands per read, not one.
                        channel.pipeline().addFirst(new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                    }
                }).build();
        try {
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
                return new RedisLink(config, resources, client::shutdown, c, c.async());
            }
            ClientOptions.Builder b = ClientOptions.builder().timeoutOptions(timeouts).autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            if (ssl != null) {
                b.sslOptions(ssl);
            }
            RedisClient client = RedisClient.create(resources, uris.get(0));
            client.setOptions(b.build());
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
            return new RedisLink(config, resources, client::shutdown, c, c.async());
        } catch (RuntimeException e) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot reach the KV store at " + config.redacted() + ": "
                    + rootMessage(e), e);
        }
    }

    /** Runs {@code script} with {@code keys} and {@code args}; the answer as Redis gave it (Long, byte[], List). */
    CompletableFuture<Object> run(RedisScript script, byte[][] keys, byte[]... args) {
        CompletableFuture<Object> out = new CompletableFuture<>();
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
        return script == RedisScript.PEEK || script == RedisScript.BATCH ? ScriptOutputType.MULTI
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

    @Override
    public void close() {
        try {
            connection.close();
            client.close();
        } catch (Exception e) {
            LOG.debug("closing the KV store's connection", e);
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
