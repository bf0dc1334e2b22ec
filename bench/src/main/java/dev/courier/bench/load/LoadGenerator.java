package dev.courier.bench.load;

import dev.courier.core.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Runs load tests against one server through one driver, on a few event loops: thousands of connections per process. */
public final class LoadGenerator implements AutoCloseable {
    /** Time allowed for every connection to open its session. */
    public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(60);
    /** Most keys a connection stores before a test that reads. */
    public static final int MAX_PREFILL = 10_000;

    private final Driver driver;
    private final String host;
    private final int port;
    private final SslContext ssl;
    private final EventLoopGroup group;
    private int nextId;

    /**
     * A generator for {@code host:port}.
     *
     * @param ssl     the client TLS context, or null for plain TCP
     * @param threads event loop threads of the generator
     */
    public LoadGenerator(Driver driver, String host, int port, SslContext ssl, int threads) {
        this.driver = driver;
        this.host = host;
        this.port = port;
        this.ssl = ssl;
        this.group = Transport.best().newGroup(threads, "bench");
    }

    /** Runs one test and returns what it measured; keys are drawn at random from the keyspace. */
    public LoadResult run(LoadSpec spec) throws Exception {
        // A test that reads first stores the keyspace through each connection (each KV session has its own data).
        return run(spec, spec.putShare() < 1 ? Math.min(spec.keyspace(), MAX_PREFILL) : 0);
    }

    private LoadResult run(LoadSpec spec, int prefill) throws Exception {
        Budget budget = spec.duration() == null ? Budget.ofCount(spec.requests()) : Budget.ofNanos(spec.duration().toNanos());
        List<LoadConnection> conns = new ArrayList<>();
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (int i = 0; i < spec.clients(); i++) {
            LoadConnection c = new LoadConnection(driver, spec, budget, nextId++, prefill, 0x5EED + i);
            conns.add(c);
            opened.add(open(c));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        budget.arm();
        long t0 = System.nanoTime();
        conns.forEach(LoadConnection::start);
        List<CompletableFuture<LoadConnection>> done = conns.stream().map(LoadConnection::finished).toList();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        long nanos = System.nanoTime() - t0;
        Histogram h = new Histogram(3_600_000_000L, 3);
        long completed = 0;
        long errors = 0;
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (LoadConnection c : conns) {
            h.add(c.histogram());
            completed += c.completed();
            errors += c.errors();
            closed.add(c.close());
        }
        CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new LoadResult(spec, completed, errors, nanos, h);
    }

    /**
     * Opens {@code clients} sessions and holds them idle for {@code hold}, calling {@code whenOpen} once all are
     * open (to measure the server's memory then); returns how many opened.
     */
    public int holdIdle(int clients, Duration hold, Runnable whenOpen) throws Exception {
        LoadSpec spec = new LoadSpec("IDLE", 0, clients, 1, null, 1, 0, 1, 0);
        Budget none = Budget.ofCount(0);
        List<LoadConnection> conns = new ArrayList<>();
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            LoadConnection c = new LoadConnection(driver, spec, none, nextId++, 0, i);
            conns.add(c);
            opened.add(open(c));
            if (i % 100 == 99) {
                // Pace the handshakes so the accept queue never overflows.
                CompletableFuture.allOf(opened.subList(i - 99, i + 1).toArray(CompletableFuture[]::new))
                        .get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        whenOpen.run();
        Thread.sleep(hold.toMillis());
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        conns.forEach(c -> closed.add(c.close()));
        CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return clients;
    }

    private CompletableFuture<Void> open(LoadConnection c) {
        Bootstrap b = new Bootstrap().group(group).channel(Transport.best().clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(c);
                    }
                });
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                c.opened().completeExceptionally(f.cause());
            }
        });
        return c.opened();
    }

    /** The driver in use. */
    public Driver driver() {
        return driver;
    }

    /** The event loops, for the connect-rate test. */
    EventLoopGroup group() {
        return group;
    }


    String host() {
        return host;
    }

    int port() {
        return port;
    }

    SslContext ssl() {
        return ssl;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
