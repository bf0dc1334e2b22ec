package dev.courier.transfer.server;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.Drain;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferFrame;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferReply;
import dev.courier.transfer.store.ConnectionMemory;
import dev.courier.transfer.store.PartialStore;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transfer connection on its event loop: answers a refusal of the connection limiter, hands frames to its
 * {@link MessageFlow}, writes replies, stops reading while the disk works, holds the connection's share of the
 * memory budget, answers idleness and late frames with {@code ERR}, and on a drain closes once no message is in
 * flight.
 */
public final class TransferServerHandler extends SimpleChannelInboundHandler<TransferFrame>
        implements Conversation, Drain.Work {
    private static final Logger LOG = LoggerFactory.getLogger(TransferServerHandler.class);

    /** What every connection of one receiver shares. */
    record Shared(TransferLimits limits, Path directory, Executor disk, Finisher finisher,
                  Deliveries deliveries, TransferStats stats, MemoryBudget budget, Clock clock, SenderAuth auth,
                  LoginThrottle throttle, ExtensionSettings extensions, PartialStore partials, Trees trees) {
    }

    /** The refusal of a first frame, or an extension other than AUTH, before a good AUTH. */
    static final String NEEDS_TOKEN = "unauthorized: this receiver needs a token";

    private final Shared shared;
    private final TransferFrameDecoder decoder;
    private final FrameDeadline deadline;
    private MessageFlow flow;
    private Peer peer;
    private ConnectionMemory memory;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadlineCheck;
    private boolean done;
    private boolean busy;
    /** The receiver is closing: the connection ends as soon as no message is in flight. */
    private boolean draining;
    private long lastReplyNanos;

    TransferServerHandler(Shared shared, TransferFrameDecoder decoder) {
        this.shared = shared;
        this.decoder = decoder;
        this.deadline = new FrameDeadline(shared.clock());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.memory = new ConnectionMemory(shared.budget());
        this.flow = new MessageFlow(shared, decoder, this, memory);
        this.peer = new Peer(ctx.channel());
        lastReplyNanos = System.nanoTime();
        ConnectionLimiter.Reason refused = ConnectionLimiter.refusal(ctx.channel());
        if (refused != null) {
            shared.stats().connectionsRefused.increment();
            refuse(refused.text());
            return;
        }
        shared.stats().connections.increment();
        // The first request's deadline runs from connecting: a peer that connects and trickles holds no slot long.
        arm(shared.limits().headerTimeout(), "first frame after connecting");
        super.channelActive(ctx);
    }

    /** Bytes arrived (told by the {@link ArrivalTap} before decoding): the frame they begin gets its deadline. */
    void bytesArrived() {
        if (done || busy || deadline.armed()) {
            return;
        }
        int frame = decoder.expectedFrameBytes();
        if (frame > 0) {
            arm(shared.limits().frameDeadline(frame), "frame of up to " + frame + " bytes");
        }
    }

    private void arm(Duration allowed, String what) {
        deadline.arm(allowed, what);
        schedule(allowed.toMillis());
    }

    private void schedule(long millis) {
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
        }
        deadlineCheck = ctx.executor().schedule(this::checkDeadline, millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        deadline.disarm();
        if (deadlineCheck != null) {
            deadlineCheck.cancel(false);
            deadlineCheck = null;
        }
    }

    private void checkDeadline() {
        deadlineCheck = null;
        if (done || busy || !deadline.armed()) {
            return;
        }
        if (deadline.passed()) {
            shared.stats().timeouts.increment();
            refuse(deadline.reason());
        } else {
            schedule(Math.max(1, deadline.remainingMillis()));
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TransferFrame frame) {
        disarm();
        if (!authorized(frame)) {
            if (frame instanceof TransferFrame.First f) {
                // Refused before a byte of the body is stored: the first chunk goes back unread.
                f.chunk().release();
            }
            shared.stats().authRefused.increment();
            LOG.debug("{} refused: no token given", ctx.channel());
            refuse(NEEDS_TOKEN);
            return;
        }
        if (frame instanceof TransferFrame.First f) {
            flow.first(f);
        } else if (frame instanceof TransferFrame.Next n) {
            flow.next(n);
        } else if (frame instanceof Trailer t) {
            flow.trailer(t);
        } else if (frame instanceof ExtensionLine line) {
            extension(line);
        } else if (frame instanceof TransferFrame.Violation v) {
            shared.stats().violations.increment();
            LOG.debug("{} protocol violation: {}", ctx.channel(), v.reason());
            refuse(v.reason());
        }
    }

    /**
     * Whether the frame may go on: always, unless the receiver needs a token and none was given yet, when only
     * an {@code AUTH} line (and a violation, answered as such) may.
     */
    private boolean authorized(TransferFrame frame) {
        if (shared.auth().token() == null || peer.tokenGiven() || frame instanceof TransferFrame.Violation) {
            return true;
        }
        return frame instanceof ExtensionLine line && line.verb().equals(ExtensionLine.AUTH);
    }

    /** An extension line stands where a first frame may begin: between messages, not in the middle of one. */
    private void extension(ExtensionLine line) {
        if (flow.inFlight() != null) {
            refuse("bad extension: only between messages");
            return;
        }
        ExtensionDispatch.dispatch(line, new ExtensionDispatch.Exchange(shared, this, decoder, peer, flow));
    }

    /** Who sends on this connection (null before it is active). */
    public Peer peer() {
        return peer;
    }

    @Override
    public void hold() {
        busy = true;
        disarm();
        decoder.hold();
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void reply(TransferReply r) {
        busy = false;
        lastReplyNanos = System.nanoTime();
        ctx.channel().config().setAutoRead(true);
        ctx.writeAndFlush(r, ctx.voidPromise());
        if (decoder.buffered() > 0) {
            // The sender did not wait for this reply: its next frame is already under way.
            bytesArrived();
        }
        closeIfIdle();
    }

    @Override
    public String inFlight() {
        if (done || flow == null) {
            return null;
        }
        String what = flow.inFlight();
        if (what == null && (busy || decoder.buffered() > 0)) {
            what = "first frame arriving";
        }
        return what == null ? null : "transfer in flight (from " + ctx.channel().remoteAddress() + ", " + what + ")";
    }

    /** While draining, closes the connection once it is between messages, after its last reply has gone out. */
    private void closeIfIdle() {
        if (draining && !done && inFlight() == null) {
            done = true;
            disarm();
            decoder.fail();
            Drain.closeWhenFlushed(ctx);
        }
    }

    @Override
    public void refuse(String reason) {
        if (done) {
            return;
        }
        done = true;
        busy = false;
        disarm();
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
        if (evt == Drain.BEGIN) {
            draining = true;
            closeIfIdle();
            return;
        }
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
        done = true;
        if (flow != null) {
            disarm();
            flow.drop();
            // Everything the connection still held (chunks asked for, a body in memory) goes back to the budget.
            memory.close();
        }
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
