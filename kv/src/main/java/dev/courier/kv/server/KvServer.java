package dev.courier.kv.server;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.Connections;
import dev.courier.core.net.Drain;
import dev.courier.core.net.Listener;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.record.KvRecords;
import dev.courier.kv.command.ConnectCommand;
import dev.courier.kv.command.DeleteCommand;
import dev.courier.kv.command.GetCommand;
import dev.courier.kv.command.PutCommand;
import dev.courier.kv.session.AccountBook;
import dev.courier.kv.rsa.KvRsaListener;
import dev.courier.kv.session.AccountsFile;
import dev.courier.kv.session.EmbeddedSessionStore;
import dev.courier.kv.session.SessionRegistry;
import dev.courier.kv.store.LoginGuard;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.journal.Persistence;
import dev.courier.kv.store.redis.RedisSessionStore;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV server: the TLS edition's listener, the legacy RSA edition's when its config asks for one, and the session
 * store both serve.
 */
public final class KvServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KvServer.class);
    /** How often detached sessions past their window are erased. */
    public static final Duration EXPIRY_SWEEP = Duration.ofSeconds(1);
    /** Accept backlog of the listener. */
    public static final int BACKLOG = 1024;

    private final KvServerConfig config;
    private final SessionStore store;
    /** The embedded store, or null when the sessions are in Redis. */
    private final EmbeddedSessionStore embedded;
    private final KvServerHandler.Shared shared;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("kv", GlobalEventExecutor.INSTANCE);
    private final ConnectionLimiter limiter;
    private final Listener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> sweeper;
    private final KvAuthMode effectiveMode;
    /** Null unless the config asks for the RSA edition. */
    private final KvRsaListener rsa;

    private KvServer(KvServerConfig config) throws IOException, InterruptedException {
        this.config = config;
        KvLimits limits = config.limits();
        if (config.dialect() == KvDialect.RECORD) {
            KvRecords.checkLimit(limits.maxMessageBytes());
        }
        AccountBook accounts = null;
        KvAuthMode mode = config.mode();
        if (mode != KvAuthMode.OPEN && config.accountsFile() != null) {
            AccountsFile file = AccountsFile.open(config.accountsFile(), config.clock());
            if (mode == KvAuthMode.ACCOUNTS || !file.isEmpty()) {
                accounts = file;
                mode = KvAuthMode.ACCOUNTS;
                if (file.isEmpty()) {
                    LOG.warn("accounts mode with no accounts in {}: every CONNECT will be refused; "
                            + "add one with 'courier kv user add ID'", file.path());
                }
            }
        } else if (mode == KvAuthMode.ACCOUNTS) {
            throw new IllegalArgumentException("accounts mode needs an accounts file");
        }
        this.effectiveMode = mode == KvAuthMode.AUTO ? KvAuthMode.OPEN : mode;
        boolean loopbackOnly = mode == KvAuthMode.AUTO && !Connections.isLoopback(config.host());
        if (loopbackOnly) {
            LOG.warn("KV is in open mode on the non-loopback address {}: only loopback peers may CONNECT "
                    + "(protected mode). Add accounts ('courier kv user add'), or ask for open mode by name "
                    + "(--kv-mode open).", config.host());
        }
        // Everything that can fail for want of a file comes before the store: an open store holds its directory's lock.
        SslContext ssl = TlsContexts.server(config.certificates());
        KvStorage storage = config.storage();
        LoginGuard guard;
        this.workers = Transport.best().newGroup(0, "kv-io");
        if (storage.shared()) {
            RedisSessionStore redis;
            try {
                // On the server's own loops: a connection's commands reach Redis, and their answers come back,
                // without a thread hand-off.
                redis = RedisSessionStore.open(storage.redis(), accounts, config.budget(), limits.maxSessions(),
                        limits.maxSessionsPerAddress(), limits.maxKeysPerSession(), limits.maxBytesPerSession(),
                        limits.resumeWindow(), workers);
            } catch (RuntimeException e) {
                workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw e;
            }
            this.store = redis;
            this.embedded = null;
            guard = redis.loginGuard(limits.throttle());
        } else {
            SessionRegistry registry = EmbeddedSessionStore.registry(limits, config.budget(), accounts,
                    config.clock());
            try {
                this.embedded = EmbeddedSessionStore.open(registry, storage.dir(), storage.persistence(),
                        storage.journal());
            } catch (IOException | RuntimeException e) {
                workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw e;
            }
            this.store = embedded;
            guard = LoginGuard.local(new LoginThrottle(limits.throttle(), config.clock()));
        }
        KvStats stats = new KvStats();
        this.shared = new KvServerHandler.Shared(store,
                new ConnectCommand(guard, loopbackOnly, stats.throttled),
                new PutCommand(limits.maxValueBytes()), new GetCommand(), new DeleteCommand(), stats,
                limits.handshakeTimeout(), config.budget(), limits.maxWaitingReplies(), new StoreFlusher(store));
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress());
        KvServerInitializer init = new KvServerInitializer(ssl, limits, limiter, channels, shared, config.dialect());
        Listener tls = null;
        try {
            tls = Listener.bind("kv", config.host(), config.port(), BACKLOG, init, workers);
            this.listener = tls;
            this.rsa = config.rsa() == null ? null : KvRsaListener.start(config.rsa(), shared, limits, limiter,
                    workers, effectiveMode, config.mode() != KvAuthMode.AUTO, tls.port(), config.dialect());
        } catch (InterruptedException | RuntimeException e) {
            if (tls != null) {
                tls.close();
            }
            // The store first: the Redis client runs on these loops.
            store.close();
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        this.sweeper = workers.next().scheduleWithFixedDelay(this::sweep, EXPIRY_SWEEP.toMillis(),
                EXPIRY_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("kv: TLS via {}, {} mode, {}, limits {}", TlsContexts.providerDescription(),
                effectiveMode.name().toLowerCase(java.util.Locale.ROOT), storage.shared()
                        ? "sessions in " + storage.redis().redacted()
                        : "persistence " + storage.persistence().name().toLowerCase(java.util.Locale.ROOT)
                        + (storage.persistence() == Persistence.OFF ? "" : " in " + storage.dir()), limits);
        if (embedded == null && effectiveMode == KvAuthMode.OPEN && !loopbackOnly) {
            LOG.warn("kv: open mode with the sessions in Redis: one address may create {} sessions of up to {} "
                    + "bytes each; prefer accounts mode, and give Redis a maxmemory (docs/scale-out.md)",
                    limits.maxSessionsPerAddress(), limits.maxBytesPerSession());
        }
        if (embedded != null && effectiveMode == KvAuthMode.OPEN && config.budget().limit() < Long.MAX_VALUE) {
            LOG.info("kv: the sessions one address creates may hold {} KiB ({} of kv's {} KiB memory budget)",
                    embedded.registry().maxMemoryPerAddress() >> 10, limits.maxMemoryPerAddress(),
                    config.budget().limit() >> 10);
        }
    }

    /** Starts a server; returns once it listens. */
    public static KvServer start(KvServerConfig config) throws IOException, InterruptedException {
        return new KvServer(config);
    }

    private void sweep() {
        try {
            int n = store.expire();
            if (n > 0) {
                LOG.debug("erased {} detached sessions past their resume window", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("session sweep failed", e);
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** Whether the listener is bound and accepting (for health checks). */
    public boolean accepting() {
        return listener.accepting();
    }

    /** The bound port. */
    public int port() {
        return listener.port();
    }

    /** The mode in force after {@code AUTO} was settled: open or accounts. */
    public KvAuthMode mode() {
        return effectiveMode;
    }

    /** The embedded store's session registry; throws when the sessions are in Redis. */
    public SessionRegistry registry() {
        return embedded().registry();
    }

    /** The embedded store; throws when the sessions are in Redis. */
    public EmbeddedSessionStore embedded() {
        if (embedded == null) {
            throw new IllegalStateException("the sessions are in " + config.storage().redis().redacted());
        }
        return embedded;
    }

    /** The session store. */
    public SessionStore store() {
        return store;
    }

    /** The RSA edition's listener, or null when the config asks for none. */
    public KvRsaListener rsa() {
        return rsa;
    }

    /** The counters. */
    public KvStats stats() {
        return shared.stats();
    }

    /** Whether open mode on a public address serves loopback peers only (protected mode). */
    public boolean loopbackOnly() {
        return shared.connect().loopbackOnly();
    }

    /** The open-connections limit of both editions (its counts are figures for tests and metrics). */
    public ConnectionLimiter connectionLimiter() {
        return limiter;
    }

    /** The configuration it was started with. */
    public KvServerConfig config() {
        return config;
    }

    /** Connections open now. */
    public int openConnections() {
        return limiter.open();
    }

    /** Bytes of answers written to connections and not yet sent (for tests and metrics). */
    public long pendingWriteBytes() {
        long n = 0;
        for (Channel ch : channels) {
            ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
            if (b != null) {
                n += b.totalPendingWriteBytes();
            }
        }
        return n;
    }

    /** Stops accepting and closes every connection at once: {@link #close(Duration)} with no grace. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Graceful close: both editions stop accepting; each connection finishes the requests it sent (an idle one is
     * closed at once, a busy one once they are answered) for at most {@code grace}, the rest are cut and logged;
     * then the threads are released and last the store is made durable. Sessions are detached, not erased.
     * Calling it again does nothing.
     *
     * @return what each connection cut when the grace ran out was at (empty if none was cut)
     */
    public List<String> close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return List.of();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        if (rsa != null) {
            rsa.stopAccepting();
        }
        listener.stopAccepting();
        sweeper.cancel(false);
        List<String> cut = new ArrayList<>();
        if (rsa != null) {
            cut.addAll(rsa.close(grace));
        }
        // The RSA edition drains first; the time it took counts against this edition's, so both end within grace.
        cut.addAll(Drain.close("kv", channels, grace, deadline));
        listener.close();
        if (embedded == null) {
            // The Redis client runs on these loops: it releases the sessions still held, then they stop.
            store.close();
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            return cut;
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
        return cut;
    }
}
