package dev.courier.transfer.server;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.Drain;
import dev.courier.core.net.Listener;
import dev.courier.core.tls.TlsContexts;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferMessage;
import dev.courier.transfer.store.FilePlacer;
import dev.courier.transfer.store.PartialStore;
import dev.courier.transfer.store.TempFiles;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A transfer receiver bound to an address: delivers verified texts, JSON documents and files. */
public final class TransferServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferServer.class);
    /** How long a close waits for disk work and handlers to finish. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** How often partials past the resume window are deleted (besides at start). */
    public static final Duration PARTIAL_SWEEP_EVERY = Duration.ofMinutes(10);

    private final TransferServerConfig config;
    private final TransferStats stats = new TransferStats();
    private final ConnectionLimiter limiter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ChannelGroup channels = new DefaultChannelGroup("transfer", GlobalEventExecutor.INSTANCE);
    private final ThreadPoolExecutor disk;
    private final Deliveries deliveries;
    private final Listener listener;
    private final PartialStore partials;
    private final ScheduledExecutorService sweeper;

    private TransferServer(TransferServerConfig config) throws IOException, InterruptedException {
        this.config = config;
        Path dir = config.directory().toAbsolutePath().normalize();
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write to " + dir);
        }
        var limits = config.limits();
        // Before any connection: no message is in progress, so every temporary file is a crash's leftover.
        TempFiles.Sweep sweep = TempFiles.removeLeftovers(dir);
        if (sweep.files() > 0) {
            LOG.info("transfer: removed {} temporary file(s) of {} bytes left in {} by an earlier run",
                    sweep.files(), sweep.bytes(), dir);
        }
        // A refused plain connection is answered ERR (spec section 5); a TLS one is closed before its handshake,
        // so that refused peers cost no handshake and hold nothing while they stall in it.
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress(),
                config.tls() ? ConnectionLimiter.Refusal.CLOSE : ConnectionLimiter.Refusal.MARK);
        // One queued task per connection at most (see SerialExecutor), so this queue never overflows.
        this.disk = new ThreadPoolExecutor(config.diskThreads(), config.diskThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.maxConnections() + 16), new DefaultThreadFactory("transfer-disk", true));
        disk.allowCoreThreadTimeOut(true);
        this.deliveries = new Deliveries(limits.maxPendingDeliveries(), config.budget());
        ExtensionSettings ext = config.extensions();
        FilePlacer placer = new FilePlacer(dir, config.overwrite());
        // Partials live under the data directory, never in the inbox: a reader of the inbox sees whole files only.
        this.partials = ext.partialDirectory() == null ? null
                : PartialStore.open(ext.partialDirectory(), ext.partials(), config.clock());
        var shared = new TransferServerHandler.Shared(limits, dir, disk,
                new Finisher(placer, limits.maxTextBytes(), config.budget()),
                deliveries, stats, config.budget(), config.clock(), config.auth(),
                new LoginThrottle(LoginThrottle.Policy.defaults(), config.clock()), ext, partials,
                new Trees(placer, dir, ext.partials().window(), config.clock()));
        this.sweeper = partials == null ? null
                : Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("transfer-partials", true));
        if (sweeper != null) {
            sweeper.scheduleWithFixedDelay(partials::sweep, PARTIAL_SWEEP_EVERY.toMillis(),
                    PARTIAL_SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            var init = new TransferServerInitializer(config.tls()
                    ? TlsContexts.server(config.certificates(), config.auth().clientCa()) : null,
                    limits, channels, shared, limiter);
            this.listener = Listener.bind("transfer", config.host(), config.port(), config.backlog(), init, null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            disk.shutdownNow();
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            throw e;
        }
        LOG.info("transfer: {} into {}, {}, limits {}, memory budget {}", config.tls() ? "TLS via "
                + TlsContexts.providerDescription() : "plain TCP", dir, config.auth().describe(), limits,
                config.budget());
    }

    /** Starts a receiver; returns once it listens. */
    public static TransferServer start(TransferServerConfig config) throws IOException, InterruptedException {
        return new TransferServer(config);
    }

    /** Blocks until the next message is delivered and returns it. */
    public TransferMessage listen() throws InterruptedException, TransferException {
        requireNoHandler();
        return deliveries.take();
    }

    /** The next delivered message, waiting at most {@code timeout}; empty if none came. */
    public Optional<TransferMessage> poll(Duration timeout) throws InterruptedException, TransferException {
        requireNoHandler();
        return deliveries.poll(timeout);
    }

    /**
     * From now on hands every delivered message (those waiting first) to {@code handler} on the configured
     * worker threads, and returns at once. {@link #listen()} may not be used after this.
     */
    public void listen(Consumer<? super TransferMessage> handler) {
        deliveries.handle(handler, config.handlerThreads());
    }

    private void requireNoHandler() {
        if (deliveries.hasHandler()) {
            throw new IllegalStateException("messages go to the handler given to listen(handler)");
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

    /** The bound port (useful after binding port 0). */
    public int port() {
        return listener.port();
    }

    /** The configuration it was started with. */
    public TransferServerConfig config() {
        return config;
    }

    /** The counters. */
    public TransferStats stats() {
        return stats;
    }

    /** The partials kept for resuming, or null when none are kept. */
    public PartialStore partials() {
        return partials;
    }

    /** Connections open now (refused ones not counted). */
    public int openConnections() {
        return limiter.open();
    }

    /** The connection limiter: open connections, and those refused per limit. */
    public ConnectionLimiter connectionLimiter() {
        return limiter;
    }

    /**
     * Stops accepting and closes every connection at once (messages not yet delivered are dropped and their
     * temporary files deleted): {@link #close(Duration)} with no grace. Calling it again does nothing.
     */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops accepting; lets each connection in the middle of a message finish it (delivered, and closed right
     * after its last reply) for at most {@code grace}, closing idle ones at once; then cuts the rest (their
     * temporary files deleted) and logs what was cut; lets disk work and handlers finish, and wakes
     * {@link #listen()} with a CLOSED exception. Calling it again does nothing.
     *
     * @return what each transfer cut when the grace ran out was at (empty if none was cut)
     */
    public List<String> close(Duration grace) {
        if (!closed.compareAndSet(false, true)) {
            return List.of();
        }
        listener.stopAccepting();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        List<String> cut = Drain.close("transfer", channels, grace);
        // Shutting the event loops down runs what the closes queued there: each cut message's discard reaches
        // the disk executor before it stops, so no temporary file is left behind.
        listener.close();
        disk.shutdown();
        try {
            if (!disk.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("transfer: disk work still running after {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deliveries.close();
        return cut;
    }
}
