package dev.courier.cli.metrics;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.Listener;
import dev.courier.core.net.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener of {@code --metrics-port}: {@code GET /metrics}, {@code /health/live} and
 * {@code /health/ready}, nothing else. Bounded like the services: small requests, an idle timeout, few connections;
 * its own event loop, so a slow check never stalls a service.
 */
public final class MetricsServer implements AutoCloseable {
    /** Largest request line and headers, and body, accepted: a scrape needs a few hundred bytes. */
    public static final int MAX_REQUEST_BYTES = 8192;
    /** A connection that sends nothing for this long is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** Most connections open at once (scrapers and probes). */
    public static final int MAX_CONNECTIONS = 32;
    /** Accept backlog. */
    private static final int BACKLOG = 64;

    private final Listener listener;
    private final EventLoopGroup loop;
    private final AutoCloseable owned;

    private MetricsServer(Listener listener, EventLoopGroup loop, AutoCloseable owned) {
        this.listener = listener;
        this.loop = loop;
        this.owned = owned;
    }

    /**
     * Binds {@code host:port} (0 for any free port) and serves {@code metrics} and {@code health}; closing it closes
     * {@code owned} too (null for nothing).
     */
    public static MetricsServer start(String host, int port, CourierMetrics metrics, HealthChecks health,
                                      AutoCloseable owned)
            throws InterruptedException {
        ConnectionLimiter limiter = new ConnectionLimiter(MAX_CONNECTIONS, MAX_CONNECTIONS);
        MetricsHandler handler = new MetricsHandler(metrics, health);
        ChannelInitializer<SocketChannel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(limiter)
                        .addLast(new ReadTimeoutHandler(IDLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                        .addLast(new HttpServerCodec(MAX_REQUEST_BYTES, MAX_REQUEST_BYTES, MAX_REQUEST_BYTES))
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(handler);
            }
        };
        // One loop of its own: a health check waiting for the database waits there, not on a service's loop.
        EventLoopGroup loop = Transport.best().newGroup(1, "metrics-io");
        try {
            return new MetricsServer(Listener.bind("metrics", host, port, BACKLOG, init, loop), loop, owned);
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** The bound port. */
    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(MetricsServer.class).warn("closing the metrics registry: {}", e.toString());
            }
        }
    }
}
