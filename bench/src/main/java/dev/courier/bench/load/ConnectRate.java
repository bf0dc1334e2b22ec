package dev.courier.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.OpenSslSession;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connect-rate test: new connections per second, each a TLS handshake, a session opened (KV: CONNECT; RESP:
 * PING) and ended (KV: DISCONNECT; RESP: QUIT) until the server closes it.
 */
public final class ConnectRate {
    /** What the test measured. */
    public record Result(long connections, long failures, long nanos, String keyExchange) {
        /** Completed connections per second. */
        public double perSecond() {
            return connections / (nanos / 1e9);
        }
    }

    private ConnectRate() {
    }

    /** Runs {@code clients} loops of connect-open-close for {@code duration}. */
    public static Result run(LoadGenerator gen, int clients, Duration duration) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> group = new AtomicReference<>();
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch loops = new CountDownLatch(clients);
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            next(gen, i * 1_000_000, deadline, ok, failed, loops, group);
        }
        loops.await(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        return new Result(ok.get(), failed.get(), System.nanoTime() - t0, group.get() == null ? "?" : group.get());
    }

    private static void next(LoadGenerator gen, int id, long deadline, AtomicLong ok, AtomicLong failed,
                             CountDownLatch loops, AtomicReference<String> group) {
        if (System.nanoTime() >= deadline) {
            loops.countDown();
            return;
        }
        Driver driver = gen.driver();
        Driver.Parser parser = driver.newParser();
        ChannelInitializer<SocketChannel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (gen.ssl() != null) {
                    SslHandler tls = gen.ssl().newHandler(ch.alloc(), gen.host(), gen.port());
                    ch.pipeline().addLast(tls);
                    if (group.get() == null) {
                        // The key exchange the server chose, for the report: it is most of a handshake's cost.
                        tls.handshakeFuture().addListener(f -> {
                            if (f.isSuccess() && tls.engine().getSession() instanceof OpenSslSession s) {
                                group.compareAndSet(null, s.getNamedGroup());
                            }
                        });
                    }
                }
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    private int answers;

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ByteBuf out = ctx.alloc().buffer();
                        driver.writeOpen(id, out);
                        if (!driver.opensWithAnswer()) {
                            out.writeCharSequence("*1\r\n$4\r\nPING\r\n", java.nio.charset.StandardCharsets.US_ASCII);
                        }
                        driver.writeClose(out);
                        ctx.writeAndFlush(out);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf in = (ByteBuf) msg;
                        try {
                            int n = parser.parse(in);
                            answers += Math.max(0, n);
                        } finally {
                            in.release();
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        (answers >= 2 ? ok : failed).incrementAndGet();
                        next(gen, id + 1, deadline, ok, failed, loops, group);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                });
            }
        };
        new io.netty.bootstrap.Bootstrap().group(gen.group()).channel(dev.courier.core.net.Transport.best().clientChannel())
                .handler(init).connect(gen.host(), gen.port()).addListener(f -> {
                    if (!f.isSuccess()) {
                        failed.incrementAndGet();
                        next(gen, id + 1, deadline, ok, failed, loops, group);
                    }
                });
    }
}
