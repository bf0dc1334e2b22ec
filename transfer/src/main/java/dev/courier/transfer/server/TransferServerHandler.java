package dev.courier.transfer.server;

import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferFrame;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferReply;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer connection on its event loop: counts it against the limit, hands frames to its
 * {@link MessageFlow}, writes replies, stops reading while the disk works, and answers idleness with {@code ERR}.
 */
public final class TransferServerHandler extends SimpleChannelInboundHandler<TransferFrame> implements Conversation {
    private static final Logger LOG = LoggerFactory.getLogger(TransferServerHandler.class);

    /** What every connection of one receiver shares. */
    record Shared(TransferLimits limits, Path directory, Executor disk, Finisher finisher,
                  Deliveries deliveries, TransferStats stats, AtomicInteger open) {
    }

    private final Shared shared;
    private final TransferFrameDecoder decoder;
    private MessageFlow flow;
    private ChannelHandlerContext ctx;
    private boolean counted;
    private boolean done;
    private boolean busy;
    private long lastReplyNanos;

    TransferServerHandler(Shared shared, TransferFrameDecoder decoder) {
        this.shared = shared;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.flow = new MessageFlow(shared, decoder, this);
        lastReplyNanos = System.nanoTime();
        if (shared.open().incrementAndGet() > shared.limits().maxConnections()) {
            shared.open().decrementAndGet();
            shared.stats().connectionsRefused.increment();
            refuse("too many connections");
            return;
        }
        counted = true;
        shared.stats().connections.increment();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TransferFrame frame) {
        if (frame instanceof TransferFrame.First f) {
            flow.first(f);
        } else if (frame instanceof TransferFrame.Next n) {
            flow.next(n);
        } else if (frame instanceof Trailer t) {
            flow.trailer(t);
        } else if (frame instanceof TransferFrame.Violation v) {
            shared.stats().violations.increment();
            LOG.debug("{} protocol violation: {}", ctx.channel(), v.reason());
            refuse(v.reason());
        }
    }

    @Override
    public void hold() {
        busy = true;
        decoder.hold();
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void reply(TransferReply r) {
        busy = false;
        lastReplyNanos = System.nanoTime();
        ctx.channel().config().setAutoRead(true);
        ctx.writeAndFlush(r, ctx.voidPromise());
    }

    @Override
    public void refuse(String reason) {
        if (done) {
            return;
        }
        done = true;
        busy = false;
        decoder.fail();
        flow.drop();
        shared.stats().refused.increment();
        LOG.debug("{} ERR {}", ctx.channel(), reason);
        ctx.channel().config().setAutoRead(true);
        ctx.writeAndFlush(new TransferReply.Err(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public boolean finished() {
        return done;
    }

    @Override
    public <T> void onLoop(CompletableFuture<T> f, BiConsumer<T, Throwable> then) {
        f.whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (ctx.executor().inEventLoop()) {
                then.accept(v, cause);
                return;
            }
            try {
                ctx.executor().execute(() -> then.accept(v, cause));
            } catch (RejectedExecutionException closing) {
                // The event loop is shutting down with the receiver; the connection is gone.
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // Idle counts from our last reply too: while the disk works the sender is rightly silent.
            long quiet = System.nanoTime() - lastReplyNanos;
            if (!busy && !done && quiet >= shared.limits().idleTimeout().toNanos()) {
                shared.stats().timeouts.increment();
                refuse("idle timeout: nothing received for " + shared.limits().idleTimeout().toMillis() + " ms");
            }
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
        done = true;
        flow.drop();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException) {
            LOG.debug("{} closed after error: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("{} closed after an unexpected error", ctx.channel(), cause);
        }
        done = true;
        if (flow != null) {
            flow.drop();
        }
        ctx.close();
    }
}
