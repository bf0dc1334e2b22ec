package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limiter on real loopback sockets, with peers on two loopback addresses (127.0.0.1 and 127.0.0.2). */
class ConnectionLimiterTest {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<Socket> sockets = new ArrayList<>();
    private final ConcurrentLinkedQueue<ConnectionLimiter.Reason> marked = new ConcurrentLinkedQueue<>();
    private Channel server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int start(ConnectionLimiter limiter) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(limiter, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ConnectionLimiter.Reason r = ConnectionLimiter.refusal(ctx.channel());
                                if (r != null) {
                                    marked.add(r);
                                    ctx.close();
                                }
                            }
                        });
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private Socket connect(int port, String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(300);
        sockets.add(s);
        return s;
    }

    /** True when the server closed {@code s}; false when it is still open after a short wait. */
    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void oneAddressGetsItsShareAndAnotherIsStillServed() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 2);
        int port = start(limiter);
        Socket a1 = connect(port, "127.0.0.1");
        Socket a2 = connect(port, "127.0.0.1");
        Socket a3 = connect(port, "127.0.0.1");
        Socket b1 = connect(port, "127.0.0.2");
        assertThat(closedByServer(a3)).isTrue();
        assertThat(closedByServer(a1)).isFalse();
        assertThat(closedByServer(a2)).isFalse();
        assertThat(closedByServer(b1)).isFalse();
        assertThat(limiter.open()).isEqualTo(3);
        assertThat(limiter.refusedPerAddress()).isEqualTo(1);

        a1.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> limiter.open() == 2);
        assertThat(closedByServer(connect(port, "127.0.0.1"))).as("a freed slot is reusable").isFalse();
    }

    @Test
    void theTotalLimitHoldsAcrossAddresses() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 2);
        int port = start(limiter);
        connect(port, "127.0.0.1");
        connect(port, "127.0.0.2");
        Socket third = connect(port, "127.0.0.3");
        assertThat(closedByServer(third)).isTrue();
        assertThat(limiter.refusedTotal()).isEqualTo(1);
        assertThat(limiter.open()).isEqualTo(2);
    }

    @Test
    void aMarkingLimiterPassesTheRefusalOnWithoutHoldingASlot() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(5, 1, ConnectionLimiter.Refusal.MARK);
        int port = start(limiter);
        Socket first = connect(port, "127.0.0.1");
        Socket second = connect(port, "127.0.0.1");
        assertThat(closedByServer(second)).isTrue();
        assertThat(marked).containsExactly(ConnectionLimiter.Reason.TOO_MANY_FROM_ADDRESS);
        assertThat(closedByServer(first)).isFalse();
        assertThat(limiter.open()).isEqualTo(1);
    }
}
