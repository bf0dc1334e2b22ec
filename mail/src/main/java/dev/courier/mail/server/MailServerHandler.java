package dev.courier.mail.server;

import dev.courier.mail.command.MailCommands;
import dev.courier.mail.command.MailContext;
import dev.courier.mail.command.Replies;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailRequest;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: runs its requests one at a time, in order (a pipelining client gets its replies in the order
 * it asked), while the store and password work happens elsewhere; it stops reading when too many wait.
 */
public final class MailServerHandler extends SimpleChannelInboundHandler<MailRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(MailServerHandler.class);

    /** What every connection of one listener shares. */
    public record Shared(MailCommands commands, MailContext context, AtomicInteger open) {
    }

    private final Shared shared;
    private final Deque<MailRequest> queue = new ArrayDeque<>();
    private boolean counted;
    private boolean busy;
    private boolean closing;
    private String address;

    /** A handler for one connection. */
    public MailServerHandler(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        MailContext mc = shared.context();
        mc.stats().connections.increment();
        address = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        if (shared.open().incrementAndGet() > mc.limits().maxConnections()) {
            shared.open().decrementAndGet();
            mc.stats().connectionsRefused.increment();
            closeWith(ctx, Replies.limit("too many connections; try again later", mc));
        } else {
            counted = true;
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
                reply(ctx, f.getNow(Replies.INTERNAL), last);
                continue;
            }
            busy = true;
            f.whenComplete((reply, err) -> ctx.executor().execute(() -> {
                busy = false;
                reply(ctx, reply != null ? reply : Replies.failure(err, shared.context()), last);
                drain(ctx);
                ctx.flush();
                updateAutoRead(ctx);
            }));
        }
    }

    private void reply(ChannelHandlerContext ctx, MailReply r, boolean last) {
        if (last) {
            closeWith(ctx, r);
        } else {
            ctx.write(r, ctx.voidPromise());
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
        if (counted) {
            counted = false;
            shared.open().decrementAndGet();
        }
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
