package dev.courier.mail.server;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.PeerAddress;
import dev.courier.mail.command.MailCommands;
import dev.courier.mail.command.MailContext;
import dev.courier.mail.command.Replies;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: runs its requests one at a time, in order (a pipelining client gets its replies in the order
 * it asked), while the store and password work happens elsewhere; it stops reading when too many wait.
 */
public final class MailServerHandler extends SimpleChannelInboundHandler<MailRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(MailServerHandler.class);

    /** What every connection of one listener shares. */
    public record Shared(MailCommands commands, MailContext context) {
    }

    private final Shared shared;
    private final Deque<MailRequest> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;
    private String address;
    /** Until a login succeeds or a request names a live session: then the connection may stay (idle timeout). */
    private ScheduledFuture<?> loginDeadline;

    /** A handler for one connection. */
    public MailServerHandler(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        MailContext mc = shared.context();
        mc.stats().connections.increment();
        address = PeerAddress.keyOf(ctx.channel().remoteAddress());
        ConnectionLimiter.Reason refused = ConnectionLimiter.refusal(ctx.channel());
        if (refused != null) {
            // The limiter let it through only so that it hears why (the spec's ERR:limit); it holds no slot.
            mc.stats().connectionsRefused.increment();
            closeWith(ctx, Replies.limit(refused.text() + "; try again later", mc));
        } else {
            Duration limit = mc.limits().loginTimeout();
            loginDeadline = ctx.executor().schedule(() -> loginTimedOut(ctx, limit), limit.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MailRequest msg) {
        if (closing) {
            return;
        }
        queue.add(msg);
        drain(ctx);
        updateAutoRead(ctx);
    }

    /** Runs queued requests until one has to wait for another thread. */
    private void drain(ChannelHandlerContext ctx) {
        while (!busy && !closing && !queue.isEmpty()) {
            MailRequest r = queue.poll();
            boolean last = r instanceof MailRequest.TooLong;
            CompletableFuture<MailReply> f = shared.commands().handle(r, address);
            if (f.isDone()) {
                reply(ctx, r, f.getNow(Replies.INTERNAL), last);
                continue;
            }
            busy = true;
            f.whenComplete((reply, err) -> ctx.executor().execute(() -> {
                busy = false;
                reply(ctx, r, reply != null ? reply : Replies.failure(err, shared.context()), last);
                drain(ctx);
                ctx.flush();
                updateAutoRead(ctx);
            }));
        }
    }

    private void reply(ChannelHandlerContext ctx, MailRequest request, MailReply r, boolean last) {
        if (loginDeadline != null && authenticates(request, r)) {
            cancelLoginDeadline();
        }
        if (last) {
            closeWith(ctx, r);
        } else {
            ctx.write(r, ctx.voidPromise());
        }
    }

    /** Whether the peer proved it may be here: a session started, or a request named a live session. */
    private static boolean authenticates(MailRequest request, MailReply reply) {
        if (reply instanceof MailReply.SessionStarted) {
            return true;
        }
        boolean namesSession = request instanceof MailRequest.SessionRequest
                || request instanceof MailRequest.Malformed m && m.sessionId() != null;
        return namesSession && !(reply instanceof MailReply.Error e && e.code() == ErrorCode.SESSION);
    }

    private void loginTimedOut(ChannelHandlerContext ctx, Duration limit) {
        loginDeadline = null;
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        LOG.debug("{} no login within {}, closing", ctx.channel(), limit);
        shared.context().stats().loginTimeouts.increment();
        closeWith(ctx, Replies.limit("no login within " + Durations.words(limit) + "; closing", shared.context()));
    }

    /** Cancels the login deadline and lets go of it, so that idle sessions keep no timer each. */
    private void cancelLoginDeadline() {
        if (loginDeadline != null) {
            loginDeadline.cancel(false);
            loginDeadline = null;
        }
    }

    private void closeWith(ChannelHandlerContext ctx, MailReply r) {
        closing = true;
        queue.clear();
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    private void updateAutoRead(ChannelHandlerContext ctx) {
        // Neither a client that pipelines without reading nor one that floods requests may make us buffer
        // without bound.
        boolean read = !closing && ctx.channel().isWritable()
                && queue.size() < shared.context().limits().maxPipelined();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateAutoRead(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.debug("{} idle, closing", ctx.channel());
            shared.context().stats().timeouts.increment();
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelLoginDeadline();
        queue.clear();
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
}
