package dev.courier.mail.server;

import dev.courier.core.net.ConnectionLimiter;
import dev.courier.core.net.Drain;
import dev.courier.core.net.LfFrameDecoder;
import dev.courier.core.net.PeerAddress;
import dev.courier.mail.command.ConnectionMemory;
import dev.courier.mail.command.MailCommands;
import dev.courier.mail.command.MailContext;
import dev.courier.mail.command.Replies;
import dev.courier.mail.protocol.ErrorCode;
import dev.courier.mail.protocol.MailReply;
import dev.courier.mail.protocol.MailReplyEncoder;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.protocol.Wire;
import dev.courier.mail.store.ListingRefusedException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: runs its requests one at a time, in order (a pipelining client gets its replies in the order
 * it asked), while the store and password work happens elsewhere; it stops reading when too many wait, and runs
 * no further request while its replies wait unread past Netty's high-water mark or a listing is being written. On a
 * drain it closes once every request it read is answered.
 */
public final class MailServerHandler extends SimpleChannelInboundHandler<MailRequest> implements Drain.Work {
    private static final Logger LOG = LoggerFactory.getLogger(MailServerHandler.class);

    /** What every connection of one listener shares. */
    public record Shared(MailCommands commands, MailContext context) {
    }

    private final Shared shared;
    private final ConnectionMemory memory;
    /** A listing's lines are being written (its charge is held until they are): no other listing may start. */
    private boolean listingInFlight;
    private final Deque<MailRequest> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closing;
    /** The server is closing: the connection ends once every request it read has been answered. */
    private boolean draining;
    /** A drain's next look at whether the connection is idle. */
    private final Drain.Recheck idleCheck = new Drain.Recheck();
    private ChannelHandlerContext ctx;
    private String address;
    /** Until a login succeeds or a request names a live session: then the connection may stay (idle timeout). */
    private ScheduledFuture<?> loginDeadline;

    /** A handler for one connection, whose charges to the memory budget {@code memory} holds. */
    public MailServerHandler(Shared shared, ConnectionMemory memory) {
        this.shared = shared;
        this.memory = memory;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
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
        while (!busy && !closing && !queue.isEmpty() && mayRun(ctx, queue.peek())) {
            MailRequest r = queue.poll();
            boolean last = r instanceof MailRequest.TooLong || r instanceof MailRequest.NoMemory;
            CompletableFuture<MailReply> f = shared.commands().handle(r, address, memory);
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
                checkIdleSoon(ctx);
            }));
        }
    }

    /**
     * Whether the next request may run now: not while the peer leaves our replies unread (past the high-water
     * mark), and a listing not while another one's lines wait to be written, so that one connection holds at most
     * one listing's memory.
     */
    private boolean mayRun(ChannelHandlerContext ctx, MailRequest next) {
        if (!ctx.channel().isWritable()) {
            return false;
        }
        return !listingInFlight
                || !(next instanceof MailRequest.Dump || next instanceof MailRequest.GetMsg);
    }

    private void reply(ChannelHandlerContext ctx, MailRequest request, MailReply r, boolean last) {
        if (loginDeadline != null && authenticates(request, r)) {
            cancelLoginDeadline();
        }
        if (last) {
            closeWith(ctx, r);
        } else if (r instanceof MailReply.Listing l) {
            writeListing(ctx, l);
        } else {
            ctx.write(r, ctx.voidPromise());
        }
    }

    /**
     * Encodes a listing line by line, charging each line's bytes to the connection's memory; then gives back the
     * charge of the messages read (they are garbage once encoded) and writes the lines, whose charge is held until
     * the last one has been written to the socket (or the write failed). If the budget refuses a line, nothing is
     * written but {@code ERR:limit:server busy, try again}.
     */
    private void writeListing(ChannelHandlerContext ctx, MailReply.Listing l) {
        long read = memory.listingBytes();
        List<ByteBuf> lines = new ArrayList<>(l.messages().size() + 1);
        long encoded = 0;
        boolean refused = false;
        for (int i = -1; i < l.messages().size(); i++) {
            byte[] line = Wire.line(i < 0 ? Wire.OK + ":" + l.messages().size()
                    : MailReplyEncoder.messageLine(l.messages().get(i)));
            long cost = ConnectionMemory.lineCost(line.length);
            if (!memory.chargeListing(cost)) {
                refused = true;
                break;
            }
            encoded += cost;
            lines.add(ctx.alloc().ioBuffer(line.length).writeBytes(line));
        }
        if (refused) {
            lines.forEach(ByteBuf::release);
            memory.releaseListing(read + encoded);
            ctx.write(Replies.failure(new ListingRefusedException(lines.size()), shared.context()),
                    ctx.voidPromise());
            return;
        }
        memory.releaseListing(read);
        listingInFlight = true;
        long held = encoded;
        ChannelPromise done = ctx.newPromise();
        for (int i = 0; i < lines.size(); i++) {
            ctx.write(lines.get(i), i == lines.size() - 1 ? done : ctx.voidPromise());
        }
        // Writes complete in order, and a failed one fails every later one: the last one's outcome is the end.
        done.addListener(f -> {
            memory.releaseListing(held);
            listingInFlight = false;
            if (ctx.channel().isActive()) {
                drain(ctx);
                ctx.flush();
                updateAutoRead(ctx);
                checkIdleSoon(ctx);
            }
        });
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
            if (read) {
                // Reading again: requests that waited in the socket come in the next pass, which looks again.
                checkIdleSoon(ctx);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        checkIdleSoon(ctx);
    }

    @Override
    public String inFlight() {
        int pending = queue.size() + (busy ? 1 : 0);
        LfFrameDecoder frames = ctx == null ? null : ctx.pipeline().get(LfFrameDecoder.class);
        boolean partial = frames != null && frames.midMessage();
        if (pending == 0 && !partial && !listingInFlight) {
            return null;
        }
        return pending + (pending == 1 ? " request" : " requests") + " not yet answered"
                + (listingInFlight ? ", a listing being written" : "")
                + (partial ? ", a request line not yet whole" : "")
                + " (from " + ctx.channel().remoteAddress() + ")";
    }

    /**
     * While draining, looks shortly whether the connection is idle ({@link Drain.Recheck} says why not at once).
     */
    private void checkIdleSoon(ChannelHandlerContext ctx) {
        if (draining && !closing) {
            idleCheck.soon(ctx, () -> closeIfIdle(ctx));
        }
    }

    /**
     * While draining, closes the connection once every request read is answered and its replies have gone out.
     * Only while reading: requests held back while reading was off may still wait in the socket.
     */
    private void closeIfIdle(ChannelHandlerContext ctx) {
        if (draining && !closing && ctx.channel().config().isAutoRead() && inFlight() == null) {
            closing = true;
            Drain.closeWhenFlushed(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // The peer read our replies: requests held back for that may run now.
        drain(ctx);
        ctx.flush();
        updateAutoRead(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == Drain.BEGIN) {
            draining = true;
            checkIdleSoon(ctx);
            return;
        }
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
        // Whatever the connection still holds (a listing being built or unwritten, a partial line) is given back.
        memory.close();
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
