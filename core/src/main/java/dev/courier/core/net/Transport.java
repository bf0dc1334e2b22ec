package dev.courier.core.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The socket transport in use: native epoll where it loads, NIO otherwise. */
public enum Transport {
    /** Linux native epoll. */
    EPOLL,
    /** Portable Java NIO. */
    NIO;

    private static final Transport BEST = pick();

    private static Transport pick() {
        if (Boolean.getBoolean("courier.nio")) {
            return NIO;
        }
        try {
            return Epoll.isAvailable() ? EPOLL : NIO;
        } catch (Throwable t) {
            // A missing or mismatched native library must not stop the server.
            return NIO;
        }
    }

    /** The best transport on this machine. */
    public static Transport best() {
        return BEST;
    }

    /** A new event loop group of {@code threads} threads (0: {@link #defaultThreads()}). */
    public EventLoopGroup newGroup(int threads, String name) {
        if (threads <= 0) {
            threads = defaultThreads();
        }
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    /** The system property that sets the event loop threads of every server started after it is set. */
    public static final String THREADS_PROPERTY = "courier.io.threads";

    /**
     * Event loop threads of a server when not configured: {@link #threadsFor(int)} of this machine's CPUs
     * (system property {@code courier.io.threads} overrides).
     */
    public static int defaultThreads() {
        return Integer.getInteger(THREADS_PROPERTY, threadsFor(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * One event loop per CPU but one, and at least one. The spare CPU is for what else runs beside the loops:
     * the kernel's network stack, the collector, the JIT and clients on the same machine. On 2 CPUs with the
     * load generator beside the server, one loop served 37% more single requests from 50 clients than two, at
     * 22% less CPU per request, and 10% fewer pipelined ones (bench/README.md). Redis gives the same advice
     * for its I/O threads.
     */
    public static int threadsFor(int cpus) {
        return Math.max(1, cpus - 1);
    }

    /** The server socket channel class of this transport. */
    public Class<? extends ServerSocketChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket channel class of this transport. */
    public Class<? extends SocketChannel> clientChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
