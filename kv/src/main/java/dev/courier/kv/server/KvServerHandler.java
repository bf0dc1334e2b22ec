package dev.courier.kv.server;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.net.PeerAddress;
import dev.courier.kv.command.DeleteCommand;
import dev.courier.kv.command.GetCommand;
import dev.courier.kv.command.PutCommand;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.session.SessionRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One connection's session state: binds on CONNECT, runs the data commands, erases or detaches at the end. */
public final class KvServerHandler extends SimpleChannelInboundHandler<KvRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(KvServerHandler.class);

    /** What every connection of one listener shares; {@code budget} is the server-wide memory budget. */
    public record Shared(SessionRegistry registry, LoginThrottle throttle, PutCommand put, GetCommand get,
                         DeleteCommand delete, KvStats stats, Duration connectDeadline, boolean loopbackOnly,
                         MemoryBudget budget) {
        /** A copy that serves loopback peers only (protected mode). */
        public Shared asLoopbackOnly() {
            return new Shared(registry, throttle, put, get, delete, stats, connectDeadline, true, budget);
        }
    }

    /**
     * Estimated heap bytes a request held in the backlog costs beyond its key and value bytes (the request record,
     * its key String and array headers, the deque slot), charged to the memory budget while it waits.
     */
    public static final long BACKLOG_REQUEST_OVERHEAD_BYTES = 96;

    private final Shared shared;
    private final Edition edition;
    /**
     * Requests decoded while the connection could take no more answers, served in order once it can. Reading stops
     * as soon as one waits, so it holds at most the requests of the bytes already read (one socket read, about
     * 64 KiB): each is charged to the memory budget while it waits, since 6 bytes of {@code GET k} cost about 100
     * bytes of objects.
     */
    private final ArrayDeque<KvRequest> backlog = new ArrayDeque<>();
    /** The backlog's charges (null until the first request waits). */
    private MemoryBudget.Lease backlogLease;
    private String sessionId;
    private boolean finished;
    private ScheduledFuture<?> deadline;
    /** Commands served since the shared counter was last told; told once per batch, before the answers leave. */
    private long uncounted;

    /** A handler for one connection speaking {@code edition}. */
    public KvServerHandler(Shared shared, Edition edition) {
        this.shared = shared;
        this.edition = edition;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        shared.stats().connections.increment();
        deadline = ctx.executor().schedule(() -> {
            if (sessionId == null && ctx.channel().isActive()) {
                LOG.debug("{} no CONNECT within {}", ctx.channel(), shared.connectDeadline());
                shared.stats().timeouts.increment();
                ctx.close();
            }
        }, shared.connectDeadline().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, KvRequest msg) {
        if (!backlog.isEmpty() || !ctx.channel().isWritable()) {
            // A client that pipelines without reading: a 6-byte GET can ask for a 4 KiB answer, so hold the
            // small requests and stop reading, rather than buffer the answers to everything already read.
            if (backlogLease == null) {
                backlogLease = shared.budget().lease();
            }
            if (!backlogLease.tryCharge(backlogCost(msg))) {
                // Nothing is lost but the answers to requests not yet served: the session is detached, not erased.
                LOG.debug("{} memory budget spent while requests wait for a client that does not read: closed",
                        ctx.channel());
                finished = true;
                ctx.channel().config().setAutoRead(false);
                ctx.close();
                return;
            }
            backlog.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        serve(ctx, msg);
    }

    /** What a request waiting in the backlog is charged. */
    static long backlogCost(KvRequest msg) {
        if (msg instanceof KvRequest.Put p) {
            return BACKLOG_REQUEST_OVERHEAD_BYTES + p.key().length() + p.value().length;
        }
        if (msg instanceof KvRequest.Get g) {
            return BACKLOG_REQUEST_OVERHEAD_BYTES + g.key().length();
        }
        if (msg instanceof KvRequest.Delete d) {
            return BACKLOG_REQUEST_OVERHEAD_BYTES + d.key().length();
        }
        return BACKLOG_REQUEST_OVERHEAD_BYTES;
    }

    private void serve(ChannelHandlerContext ctx, KvRequest msg) {
        if (finished) {
            return;
        }
        if (msg instanceof KvRequest.Put p) {
            reply(ctx, shared.put().execute(p, sessionId, shared.registry().store()));
        } else if (msg instanceof KvRequest.Get g) {
            reply(ctx, shared.get().execute(g, sessionId, shared.registry().store()));
        } else if (msg instanceof KvRequest.Delete d) {
            reply(ctx, shared.delete().execute(d, sessionId, shared.registry().store()));
        } else if (msg instanceof KvRequest.Connect c) {
            connect(ctx, c);
        } else if (msg instanceof KvRequest.Disconnect) {
            finished = true;
            shared.registry().erase(sessionId, ctx.channel());
            sessionId = null;
            count();
            ctx.writeAndFlush(KvReply.Status.DISCONNECT_OK).addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof KvRequest.Violation v) {
            violation(ctx, v.reason());
        }
    }

    private void reply(ChannelHandlerContext ctx, KvReply r) {
        uncounted++;
        ctx.write(r, ctx.voidPromise());
    }

    private void connect(ChannelHandlerContext ctx, KvRequest.Connect c) {
        String address = address(ctx);
        String idKey = "id:" + c.clientId();
        String addrKey = "ip:" + address;
        LoginThrottle throttle = shared.throttle();
        SessionRegistry.Outcome outcome;
        if (shared.loopbackOnly() && !isLoopback(ctx)) {
            LOG.warn("refused CONNECT from {}: open mode serves loopback peers only (protected mode)", address);
            outcome = SessionRegistry.Outcome.REFUSED;
        } else if (throttle.blocked(idKey) || throttle.blocked(addrKey)) {
            shared.stats().throttled.increment();
            outcome = SessionRegistry.Outcome.REFUSED;
        } else {
            String peer = PeerAddress.keyOf(ctx.channel().remoteAddress());
            outcome = edition == Edition.TLS
                    ? shared.registry().connect(c.clientId(), c.hash(), ctx.channel(), peer)
                    : shared.registry().connectWithoutPassword(c.clientId(), ctx.channel(), peer);
            if (outcome == SessionRegistry.Outcome.REFUSED || outcome == SessionRegistry.Outcome.WRONG_HASH) {
                throttle.failure(idKey);
                throttle.failure(addrKey);
            }
        }
        if (outcome.ok()) {
            throttle.success(idKey);
            sessionId = c.clientId();
            cancelDeadline();
            shared.stats().connectsOk.increment();
            LOG.debug("{} CONNECT {}: {}", ctx.channel(), c.clientId(), outcome);
            ctx.write(KvReply.Status.CONNECT_OK, ctx.voidPromise());
        } else {
            finished = true;
            shared.stats().connectsRefused.increment();
            LOG.debug("{} CONNECT refused: {}", ctx.channel(), outcome);
            ctx.writeAndFlush(KvReply.Status.CONNECT_ERROR).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Cancels the CONNECT deadline and lets go of it: 10,000 idle sessions would otherwise keep 10,000 tasks. */
    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void violation(ChannelHandlerContext ctx, String reason) {
        finished = true;
        shared.stats().violations.increment();
        LOG.debug("{} protocol violation: {}; session {} erased", ctx.channel(), reason, sessionId);
        if (sessionId != null) {
            shared.registry().erase(sessionId, ctx.channel());
            sessionId = null;
        }
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        count();
        ctx.flush();
    }

    /** Adds the commands served to the shared counter: one add per batch, not per request (profiled hot). */
    private void count() {
        if (uncounted != 0) {
            shared.stats().commands.add(uncounted);
            uncounted = 0;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A client that pipelines without reading must not make the server buffer without bound.
        Channel ch = ctx.channel();
        while (ch.isWritable() && !backlog.isEmpty()) {
            KvRequest next = backlog.poll();
            backlogLease.release(backlogCost(next));
            serve(ctx, next);
        }
        count();
        ctx.flush();
        ch.config().setAutoRead(ch.isWritable() && backlog.isEmpty());
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("{} idle, closing", ctx.channel());
            shared.stats().timeouts.increment();
            ctx.close();
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent e && e.cause() instanceof SslHandshakeTimeoutException) {
            // The TLS handler closes the connection itself; count it with the CONNECT deadline it stands for.
            LOG.debug("{} no TLS handshake within {}", ctx.channel(), shared.connectDeadline());
            shared.stats().timeouts.increment();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        backlog.clear();
        if (backlogLease != null) {
            backlogLease.close();
        }
        cancelDeadline();
        count();
        if (sessionId != null) {
            shared.registry().detach(sessionId, ctx.channel());
            sessionId = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException) {
            // Resets and TLS failures are the peer's doing, not the server's.
            LOG.debug("{} closed after error: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("{} closed after an unexpected error", ctx.channel(), cause);
        }
        ctx.close();
    }

    private static String address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }

    private static boolean isLoopback(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress();
    }
}
