package dev.courier.core.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bound TCP listener: binds (port 0 allowed), reports the bound address, closes gracefully. */
public final class Listener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final String name;
    private final Channel serverChannel;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean ownsWorkers;

    private Listener(String name, Channel serverChannel, EventLoopGroup boss, EventLoopGroup workers, boolean ownsWorkers) {
        this.name = name;
        this.serverChannel = serverChannel;
        this.boss = boss;
        this.workers = workers;
        this.ownsWorkers = ownsWorkers;
    }

    /**
     * Binds {@code host:port} and serves each accepted connection through {@code initializer}.
     *
     * @param workers the event loops to serve on, or null for a group of this listener's own
     */
    public static Listener bind(String name, String host, int port, int backlog,
                                ChannelInitializer<SocketChannel> initializer, EventLoopGroup workers)
            throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup boss = transport.newGroup(1, name + "-accept");
        boolean owns = workers == null;
        EventLoopGroup group = owns ? transport.newGroup(0, name + "-io") : workers;
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(boss, group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, backlog)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(initializer);
            Channel ch = b.bind(host, port).sync().channel();
            Listener l = new Listener(name, ch, boss, group, owns);
            LOG.info("{} listening on {} ({})", name, l.address(), transport);
            return l;
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (owns) {
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
            throw e;
        }
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        return address().getPort();
    }

    /** The listener's name, as logged. */
    public String name() {
        return name;
    }

    /** Whether the listening socket is bound and accepting (for health checks). */
    public boolean accepting() {
        return serverChannel.isActive();
    }

    /** Stops accepting new connections; open ones go on. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Stops accepting and releases the event loops (open connections are closed). */
    @Override
    public void close() {
        stopAccepting();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownsWorkers) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        LOG.info("{} closed", name);
    }
}
