package dev.courier.kv.server;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.metrics.LatencyHistogram;
import dev.courier.core.net.Drain;
import dev.courier.kv.command.ConnectCommand;
import dev.courier.kv.command.DeleteCommand;
import dev.courier.kv.command.GetCommand;
import dev.courier.kv.command.PutCommand;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestDecoder;
import dev.courier.kv.record.KvRecordRequestDecoder;
import dev.courier.kv.store.SessionStore;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's life: dispatches each request to its command, writes the replies in request order as the store
 * answers them, binds on CONNECT, erases on DISCONNECT or a violation, releases the session when the connection ends;
 * on a drain, closes once every request it read is answered.
 */
public final class KvServerHandler extends SimpleChannelInboundHandler<KvRequest> implements Drain.Work {
    private static final Logger LOG = LoggerFactory.getLogger(KvServerHandler.class);

    /** What every connection of one listener shares; {@code budget} is the server-wide memory budget. */
    public record Shared(SessionStore store, ConnectCommand connect, PutCommand put, GetCommand get,
                         DeleteCommand delete, KvStats stats, Duration connectDeadline, MemoryBudget budget,
                         int maxWaitingReplies, StoreFlusher flusher) {
        /** A copy that serves loopback peers only (protected mode). */
        public Shared asLoopbackOnly() {
            return new Shared(store, connect.asLoopbackOnly(), put, get, delete, stats, connectDeadline, budget,
                    maxWaitingReplies, flusher);
        }
    }

    /**
     * Estimated heap bytes a request held in the backlog, or a reply waiting for an earlier one, costs beyond its
     * key and value bytes (the record, its key String and array headers, the deque slot, a future), charged to the
     * memory budget while it waits.
     */
    public static final long BACKLOG_REQUEST_OVERHEAD_BYTES = 96;

    private static final KvStats.Verb[] VERBS = KvStats.Verb.values();

    private final Shared shared;
    private final Edition edition;
    /**
     * Requests decoded while the connection could take no more answers (or a CONNECT is being decided), served in
     * order once it can. Reading stops as soon as one waits, so it holds at most the requests of the bytes already
     * read (one socket read, about 64 KiB): each is charged to the memory budget while it waits, since 6 bytes of
     * {@code GET k} cost about 100 bytes of objects.
     */
    private final ArrayDeque<KvRequest> backlog = new ArrayDeque<>();
    /** A reply not yet written and what it was charged when it began to wait. */
    private record Waiting(CompletableFuture<KvReply> reply, long cost) {
    }

    /** Replies not yet written, in request order: the head is the next to go once the store has answered it. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** The backlog's and the waiting replies' charges (null until the first one waits). */
    private MemoryBudget.Lease lease;
    private SessionStore.Hold hold;
    /** A CONNECT is being decided: what follows waits in the backlog until it is. */
    private boolean connecting;
    private boolean finished;
    /** The server is closing: the connection ends once every request it read has been answered. */
    private boolean draining;
    /** A drain's next look at whether the connection is idle. */
    private final Drain.Recheck idleCheck = new Drain.Recheck();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    /** Commands served since the shared counter was last told; told once per batch, before the answers leave. */
    private long uncounted;
    /** Replies written since the shared counters were last told, by {@link KvStats#slot}: told with {@link #uncounted}. */
    private final long[] repliesUncounted = new long[KvStats.VALUE_SLOT + 1];
    /**
     * When the server began on the current read batch ({@link System#nanoTime()}; 0: no batch under way). The
     * requests of a batch answered at once are timed together, from it to the batch's flush: two clock readings
     * per batch instead of two per request (measured: per-request timing cost about 5% of server CPU at P16).
     */
    private long batchStart;
    /** Requests of the current batch answered at once, by {@link KvStats.Verb} ordinal, not yet timed. */
    private final long[] untimed = new long[KvStats.Verb.values().length];
    /** Whether {@link #untimed} holds anything. */
    private boolean anyUntimed;
    /** When the CONNECT being decided was read ({@link System#nanoTime()}), for its latency. */
    private long connectStart;
    /** Replies written since the last flush: a flush with nothing to send still costs the TLS handler a wrap. */
    private boolean unflushed;
    /**
     * Whether a drain is queued on the loop: replies that the store answers together (one script, one fsync) queue
     * one drain between them, not one task each.
     */
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    /** A handler for one connection speaking {@code edition}. */
    public KvServerHandler(Shared shared, Edition edition) {
        this.shared = shared;
        this.edition = edition;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        shared.stats().connections.increment();
        deadline = ctx.executor().schedule(() -> {
            if (hold == null && ctx.channel().isActive()) {
                LOG.debug("{} no CONNECT within {}", ctx.channel(), shared.connectDeadline());
                shared.stats().timeouts.increment();
                ctx.close();
            }
        }, shared.connectDeadline().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, KvRequest msg) {
        if (!backlog.isEmpty() || !canServe(ctx.channel())) {
            // A client that pipelines without reading: a 6-byte GET can ask for a 4 KiB answer, so hold the
            // small requests and stop reading, rather than buffer the answers to everything already read.
            if (!charge(ctx, backlogCost(msg))) {
                return;
            }
            backlog.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        serve(ctx, msg);
    }

    /** Whether the next request may be served now: answers can leave, no CONNECT pending, few replies waiting. */
    private boolean canServe(Channel ch) {
        return ch.isWritable() && !connecting && waiting.size() < shared.maxWaitingReplies();
    }

    /** Charges {@code bytes} to the budget; when it is spent the connection is closed (its session detached). */
    private boolean charge(ChannelHandlerContext ctx, long bytes) {
        if (lease == null) {
            lease = shared.budget().lease();
        }
        if (lease.tryCharge(bytes)) {
            return true;
        }
        LOG.debug("{} memory budget spent while requests wait for a client that does not read: closed",
                ctx.channel());
        finished = true;
        ctx.channel().config().setAutoRead(false);
        ctx.close();
        return false;
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

    /** What a reply waiting behind an earlier one is charged. */
    private static long replyCost(CompletableFuture<KvReply> f) {
        return f.isDone() && !f.isCompletedExceptionally() && f.join() instanceof KvReply.Value v
                ? BACKLOG_REQUEST_OVERHEAD_BYTES + v.value().length : BACKLOG_REQUEST_OVERHEAD_BYTES;
    }

    private void serve(ChannelHandlerContext ctx, KvRequest msg) {
        if (finished) {
            return;
        }
        if (batchStart == 0) {
            batchStart = System.nanoTime();
        }
        long start = batchStart;
        if (msg instanceof KvRequest.Put p) {
            // Until it is answered, a networked store's queue holds the key and the value: charged with the reply.
            reply(ctx, timed(shared.put().execute(p, hold, shared.store()), KvStats.Verb.PUT, start),
                    p.key().length() + p.value().length);
        } else if (msg instanceof KvRequest.Get g) {
            reply(ctx, timed(shared.get().execute(g, hold, shared.store()), KvStats.Verb.GET, start));
        } else if (msg instanceof KvRequest.Delete d) {
            reply(ctx, timed(shared.delete().execute(d, hold, shared.store()), KvStats.Verb.DELETE, start));
        } else if (msg instanceof KvRequest.Connect c) {
            connectStart = start;
            connect(ctx, c);
        } else if (msg instanceof KvRequest.Disconnect) {
            finished = true;
            SessionStore.Hold h = hold;
            hold = null;
            reply(ctx, timed(h == null ? CompletableFuture.completedFuture(KvReply.Status.DISCONNECT_OK)
                    : shared.store().erase(h).handle((v, e) -> KvReply.Status.DISCONNECT_OK),
                    KvStats.Verb.DISCONNECT, start));
        } else if (msg instanceof KvRequest.Violation v) {
            violation(ctx, v.reason());
        }
    }

    /**
     * Times {@code stage}'s answer in {@code verb}'s histogram from {@code start}, its batch's start: with the batch at
     * its flush if the answer is there, else when the store answers (on the store's thread; the histogram takes
     * that).
     */
    private CompletionStage<KvReply> timed(CompletionStage<KvReply> stage, KvStats.Verb verb, long start) {
        CompletableFuture<KvReply> f = stage.toCompletableFuture();
        if (f.isDone()) {
            untimed[verb.ordinal()]++;
            anyUntimed = true;
        } else {
            LatencyHistogram h = shared.stats().latency.get(verb);
            f.whenComplete((r, e) -> h.recordSince(start));
        }
        return f;
    }

    /** Writes {@code stage}'s reply in its turn: at once if nothing before it waits and it is there already. */
    private void reply(ChannelHandlerContext ctx, CompletionStage<KvReply> stage) {
        reply(ctx, stage, 0);
    }

    /** As {@link #reply(ChannelHandlerContext, CompletionStage)}; {@code held} bytes stay held while it waits. */
    private void reply(ChannelHandlerContext ctx, CompletionStage<KvReply> stage, long held) {
        CompletableFuture<KvReply> f = stage.toCompletableFuture();
        if (waiting.isEmpty() && f.isDone()) {
            write(ctx, f);
            return;
        }
        long cost = replyCost(f) + (f.isDone() ? 0 : held);
        if (!charge(ctx, cost)) {
            return;
        }
        waiting.add(new Waiting(f, cost));
        // Always a task, even when the answer is there by now: it may have come on another thread since it was
        // first looked at, and a drain run from inside this call would serve the backlog re-entrantly.
        f.whenComplete((r, e) -> {
            if (drainQueued.compareAndSet(false, true)) {
                ctx.executor().execute(() -> {
                    drainQueued.set(false);
                    drain(ctx);
                });
            }
        });
    }

    /** Writes every reply at the head that the store has answered, then serves what waited for room. */
    private void drain(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty() && waiting.peek().reply().isDone()) {
            Waiting w = waiting.poll();
            lease.release(w.cost());
            write(ctx, w.reply());
        }
        serveBacklog(ctx);
    }

    private void write(ChannelHandlerContext ctx, CompletableFuture<KvReply> f) {
        KvReply r = f.join();
        repliesUncounted[KvStats.slot(r)]++;
        if (r == KvReply.Status.DISCONNECT_OK || r == KvReply.Status.CONNECT_ERROR) {
            count();
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (r != KvReply.Status.CONNECT_OK) {
            uncounted++;
        }
        unflushed = true;
        ctx.write(r, ctx.voidPromise());
    }

    /**
     * Sends what was written, if anything was; asks the store to flush once the loop's pass is over when replies
     * wait for it (in {@code always} mode, their fsync).
     */
    private void flush(ChannelHandlerContext ctx) {
        if (connecting || !waiting.isEmpty()) {
            shared.flusher().request(ctx.executor());
        }
        count();
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    private void connect(ChannelHandlerContext ctx, KvRequest.Connect c) {
        connecting = true;
        CompletableFuture<SessionStore.Connected> decided = shared.connect()
                .execute(c, edition, ctx.channel().remoteAddress(), ctx.channel(), shared.store())
                .toCompletableFuture();
        if (decided.isDone()) {
            connected(ctx, c, decided);
        } else {
            decided.whenComplete((r, e) -> ctx.executor().execute(() -> {
                connected(ctx, c, decided);
                serveBacklog(ctx);
            }));
        }
    }

    private void connected(ChannelHandlerContext ctx, KvRequest.Connect c,
                           CompletableFuture<SessionStore.Connected> decided) {
        connecting = false;
        SessionStore.Connected result = decided.isCompletedExceptionally()
                ? SessionStore.Connected.refused(SessionStore.Outcome.UNAVAILABLE) : decided.join();
        if (result.outcome().ok() && (finished || !ctx.channel().isActive())) {
            shared.store().release(result.hold());
            return;
        }
        shared.stats().latency.get(KvStats.Verb.CONNECT).recordSince(connectStart);
        if (result.outcome().ok()) {
            hold = result.hold();
            cancelDeadline();
            shared.stats().connectsOk.increment();
            LOG.debug("{} CONNECT {}: {}", ctx.channel(), c.clientId(), result.outcome());
            reply(ctx, CompletableFuture.completedFuture(KvReply.Status.CONNECT_OK));
        } else {
            finished = true;
            shared.stats().connectsRefused.increment();
            LOG.debug("{} CONNECT refused: {}", ctx.channel(), result.outcome());
            reply(ctx, CompletableFuture.completedFuture(KvReply.Status.CONNECT_ERROR));
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
        shared.stats().violationsByReason[KvStats.ViolationReason.of(reason).ordinal()].increment();
        LOG.debug("{} protocol violation: {}; session {} erased", ctx.channel(), reason,
                hold == null ? null : hold.id());
        if (hold != null) {
            shared.store().erase(hold);
            hold = null;
        }
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush(ctx);
        checkIdleSoon(ctx);
    }

    @Override
    public String inFlight() {
        int pending = backlog.size() + waiting.size() + (connecting ? 1 : 0);
        ChannelHandler decoder = ctx == null ? null : ctx.pipeline().get("decoder");
        boolean partial = decoder instanceof KvRequestDecoder d ? d.midRequest()
                : decoder instanceof KvRecordRequestDecoder r && r.midRequest();
        if (pending == 0 && !partial) {
            return null;
        }
        return pending + (pending == 1 ? " request" : " requests") + " not yet answered"
                + (partial ? " and a request not yet whole" : "")
                + " (from " + ctx.channel().remoteAddress() + ")";
    }

    /**
     * While draining, looks shortly whether the connection is idle ({@link Drain.Recheck} says why not at once).
     */
    private void checkIdleSoon(ChannelHandlerContext ctx) {
        if (draining && !finished) {
            idleCheck.soon(ctx, () -> closeIfIdle(ctx));
        }
    }

    /**
     * While draining, closes the connection once every request read is answered and its replies have gone out.
     * Only while reading: requests held back while reading was off may still wait in the socket.
     */
    private void closeIfIdle(ChannelHandlerContext ctx) {
        if (draining && !finished && ctx.channel().config().isAutoRead() && inFlight() == null) {
            finished = true;
            count();
            Drain.closeWhenFlushed(ctx);
        }
    }

    /**
     * Adds the commands served, the replies by kind and the batch's timings to the shared counters: one add per
     * batch, not per request (profiled hot).
     */
    private void count() {
        if (uncounted != 0) {
            shared.stats().commands.add(uncounted);
            uncounted = 0;
        }
        for (int i = 0; i < repliesUncounted.length; i++) {
            if (repliesUncounted[i] != 0) {
                shared.stats().replies[i].add(repliesUncounted[i]);
                repliesUncounted[i] = 0;
            }
        }
        if (anyUntimed) {
            long took = System.nanoTime() - batchStart;
            for (int i = 0; i < untimed.length; i++) {
                if (untimed[i] != 0) {
                    shared.stats().latency.get(VERBS[i]).record(took, untimed[i]);
                    untimed[i] = 0;
                }
            }
            anyUntimed = false;
        }
        batchStart = 0;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A client that pipelines without reading must not make the server buffer without bound.
        serveBacklog(ctx);
        super.channelWritabilityChanged(ctx);
    }

    /** Serves requests that waited, while there is room; reads again once none waits. */
    private void serveBacklog(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            return;
        }
        while (canServe(ch) && !backlog.isEmpty()) {
            KvRequest next = backlog.poll();
            lease.release(backlogCost(next));
            serve(ctx, next);
        }
        flush(ctx);
        if (!finished) {
            ch.config().setAutoRead(canServe(ch) && backlog.isEmpty());
        }
        checkIdleSoon(ctx);
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
        waiting.clear();
        if (lease != null) {
            lease.close();
        }
        cancelDeadline();
        count();
        if (hold != null) {
            shared.store().release(hold);
            hold = null;
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
}
