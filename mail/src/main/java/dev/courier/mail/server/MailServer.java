package dev.courier.mail.server;

import dev.courier.core.auth.FairExecutor;
import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.Drain;
import dev.courier.core.net.Listener;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.TlsContexts;
import dev.courier.mail.MailLimits;
import dev.courier.mail.MailStats;
import dev.courier.mail.account.PasswordChecker;
import dev.courier.mail.command.MailCommands;
import dev.courier.mail.command.MailContext;
import dev.courier.mail.session.MailSessions;
import dev.courier.mail.session.SendRateLimiter;
import dev.courier.mail.store.AsyncMailStore;
import dev.courier.mail.store.JdbcMailStore;
import dev.courier.mail.store.MailStore;
import dev.courier.mail.store.MailboxQuota;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The mail server: one listener (TLS, or clear text on request), the sessions, the store behind its queues. */
public final class MailServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailServer.class);
    /** How often expired sessions and idle buckets are swept. */
    public static final Duration SWEEP = Duration.ofSeconds(1);
    /** Sweeps between two readings of the store's costliest password hash. */
    static final int COST_REFRESH_SWEEPS = 60;
    /** Accept backlog of the listener. */
    public static final int BACKLOG = 1024;

    private final MailServerConfig config;
    private final AsyncMailStore store;
    private final MailContext context;
    private final FairExecutor hashing;
    private final ConnectionLimiter limiter;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("mail", GlobalEventExecutor.INSTANCE);
    private final Listener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledFuture<?> sweeper;
    private long sweeps;

    private MailServer(MailServerConfig config, MailStore mailStore) throws IOException, InterruptedException {
        this.config = config;
        MailLimits limits = config.limits();
        this.store = new AsyncMailStore(mailStore, new MailboxQuota(limits.maxMailboxMessages(),
                limits.maxMailboxBytes()), config.storeSettings());
        int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.hashing = new FairExecutor("mail-pbkdf2", cpus, limits.maxPendingLogins(),
                limits.maxPendingLoginsPerAddress());
        // Every check costs what the costliest account costs, so a refusal's time does not tell names apart.
        PasswordChecker passwords = new PasswordChecker(
                mailStore.maxPasswordIterations().orElse(config.passwordIterations()));
        this.context = new MailContext(limits, store,
                new MailSessions(limits.maxSessions(), limits.maxSessionsPerUser(), limits.sessionTimeout(),
                        config.clock()),
                new LoginThrottle(limits.throttle(), config.clock()),
                new SendRateLimiter(limits.maxSendsPerMinute(), config.clock()), hashing, passwords,
                new MailStats(), config.clock());
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress(),
                ConnectionLimiter.Refusal.MARK);
        MailServerHandler.Shared shared = new MailServerHandler.Shared(new MailCommands(context), context);
        this.workers = Transport.best().newGroup(0, "mail-io");
        try {
            MailServerInitializer init = new MailServerInitializer(
                    config.plaintext() ? null : TlsContexts.server(config.certificates()), limits, channels, limiter,
                    shared, config.budget());
            this.listener = Listener.bind("mail", config.host(), config.port(), BACKLOG, init, workers);
        } catch (IOException | InterruptedException | RuntimeException e) {
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            hashing.close();
            store.close();
            throw e;
        }
        this.sweeper = workers.next().scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(),
                TimeUnit.MILLISECONDS);
        if (config.plaintext()) {
            LOG.warn("mail is serving CLEAR TEXT on {}: passwords, session ids and mail can be read and changed by "
                    + "anyone on the path; use it only on a trusted network, TLS otherwise", listener.address());
        } else {
            LOG.info("mail: TLS via {}", TlsContexts.providerDescription());
        }
        LOG.info("mail: every password check costs {} PBKDF2 iterations (the costliest account's)",
                passwords.cost());
        LOG.debug("mail limits {}", limits);
    }

    /** Opens the configured store (migrating its schema) and starts; returns once the server listens. */
    public static MailServer start(MailServerConfig config) throws IOException, InterruptedException {
        int connections = Math.max(config.store().poolSize(), config.storeSettings().connections());
        MailStore s = JdbcMailStore.open(config.store().withPoolSize(connections));
        try {
            return new MailServer(config, s);
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Starts on a store already open (tests, benchmarks); the server closes it when it closes. */
    public static MailServer start(MailServerConfig config, MailStore store) throws IOException, InterruptedException {
        return new MailServer(config, store);
    }

    private void sweep() {
        try {
            int n = context.sessions().expire();
            if (n > 0) {
                LOG.debug("ended {} sessions past their timeout", n);
            }
            context.sendRate().purge();
            context.throttle().purge(config.clock().instant());
            if (++sweeps % COST_REFRESH_SWEEPS == 0) {
                // An account added by another process with a costlier hash raises the cost of every check.
                store.submit(MailStore::maxPasswordIterations)
                        .thenAccept(max -> max.ifPresent(context.passwords()::raise));
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

    /** The counters. */
    public MailStats stats() {
        return context.stats();
    }

    /** The live sessions. */
    public MailSessions sessions() {
        return context.sessions();
    }

    /** The store behind its queues (in-process admin: {@code new MailAccounts(server.store().store(), ...)}). */
    public AsyncMailStore store() {
        return store;
    }

    /** The configuration it was started with. */
    public MailServerConfig config() {
        return config;
    }

    /** Connections open now. */
    public int openConnections() {
        return limiter.open();
    }

    /** The connection limiter (its counters of refusals). */
    public ConnectionLimiter limiter() {
        return limiter;
    }

    /** The password check (its cost). */
    public PasswordChecker passwords() {
        return context.passwords();
    }

    /** Stops accepting and closes every connection at once: {@link #close(Duration)} with no grace. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Graceful close: stop accepting; each connection finishes the requests it sent (an idle one is closed at once,
     * a busy one once they are answered) for at most {@code grace}, the rest are cut and logged; then commit what
     * is queued, release the threads and the store.
     * Calling it again does nothing.
     *
     * @return what each connection cut when the grace ran out was at (empty if none was cut)
     */
    public List<String> close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return List.of();
        }
        listener.stopAccepting();
        sweeper.cancel(false);
        List<String> cut = Drain.close("mail", channels, grace);
        listener.close();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        hashing.close();
        store.close();
        return cut;
    }
}
