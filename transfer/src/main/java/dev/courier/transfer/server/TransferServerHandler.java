package dev.courier.transfer.server;

import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.protocol.FrameHeaders;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferFrame;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferReply;
import dev.courier.transfer.store.Body;
import dev.courier.transfer.store.MemoryBody;
import dev.courier.transfer.store.SpoolFile;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's receiving state machine (spec sections 3 to 5): checks CRC-32s, asks for growing chunks, has
 * the body hashed and stored off the event loop, verifies the SHA-256, and delivers after the trailer. While the
 * disk works the decoder holds and reading stops; frame {@code j} is acknowledged once chunk {@code j-1} is
 * stored, so at most two chunks of a connection are in memory and the disk overlaps the network.
 */
public final class TransferServerHandler extends SimpleChannelInboundHandler<TransferFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(TransferServerHandler.class);

    /** What every connection of one receiver shares. */
    record Shared(TransferLimits limits, Path directory, Executor disk, Finisher finisher,
                         Deliveries deliveries, TransferStats stats, AtomicInteger open) {
    }

    private final Shared shared;
    private final TransferFrameDecoder decoder;
    private SerialExecutor disk;
    private ChannelHandlerContext ctx;
    private Incoming msg;
    private int nacks;
    private boolean counted;
    private boolean done;
    private boolean busy;
    private long lastReplyNanos;

    /** A handler fed by {@code decoder}, which it steers. */
    TransferServerHandler(Shared shared, TransferFrameDecoder decoder) {
        this.shared = shared;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.disk = new SerialExecutor(shared.disk());
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
            first(f);
        } else if (frame instanceof TransferFrame.Next n) {
            next(n);
        } else if (frame instanceof Trailer t) {
            trailer(t);
        } else if (frame instanceof TransferFrame.Violation v) {
            shared.stats().violations.increment();
            LOG.debug("{} protocol violation: {}", ctx.channel(), v.reason());
            refuse(v.reason());
        }
    }

    private void first(TransferFrame.First f) {
        ByteBuf chunk = f.chunk();
        if (done) {
            chunk.release();
            return;
        }
        if (f.size() > shared.limits().maxSize()) {
            chunk.release();
            refuse("too large: " + f.size() + " bytes, the limit is " + shared.limits().maxSize());
            return;
        }
        drop();
        if (FrameHeaders.crc(chunk) != f.crc()) {
            chunk.release();
            nack(TransferReply.NACK1, decoder::expectFirst);
            return;
        }
        msg = new Incoming(f.size(), f.sha256(), newBody(f.size()));
        accept(chunk);
    }

    private Body newBody(long size) {
        return size <= shared.limits().maxTextBytes() ? new MemoryBody((int) size, shared.directory())
                : new SpoolFile(shared.directory(), size);
    }

    private void next(TransferFrame.Next n) {
        ByteBuf chunk = n.chunk();
        if (done || msg == null) {
            chunk.release();
            return;
        }
        if (FrameHeaders.crc(chunk) != n.crc()) {
            int size = chunk.readableBytes();
            chunk.release();
            nack(TransferReply.NACK1, () -> decoder.expectChunk(size));
            return;
        }
        accept(chunk);
    }

    private void accept(ByteBuf chunk) {
        Incoming m = msg;
        CompletableFuture<Object> write = disk.submit(() -> m.append(chunk));
        // The first chunk waits for its own write: opening the body checks the disk, and a refusal then
        // answers the first frame. Later chunks wait only for the chunk before them.
        CompletableFuture<Object> before = m.received == 0 ? write : m.lastWrite;
        m.lastWrite = write;
        m.received += chunk.readableBytes();
        hold();
        if (m.received == m.size) {
            onLoop(disk.submit(m::digest), (digest, e) -> verified(m, digest, e));
            return;
        }
        int n = m.nextChunk(shared.limits().maxChunkBytes());
        onLoop(write, (v, e) -> {
            if (e != null) {
                failed(e);
            }
        });
        onLoop(before, (v, e) -> {
            if (e != null) {
                failed(e);
            } else if (!done && msg == m) {
                decoder.expectChunk(n);
                reply(new TransferReply.Next(n));
            }
        });
    }

    private void verified(Incoming m, byte[] digest, Throwable e) {
        if (e != null) {
            failed(e);
        } else if (done || msg != m) {
            return;
        } else if (MessageDigest.isEqual(digest, m.sha256)) {
            m.complete = true;
            decoder.expectTrailer();
            reply(TransferReply.ACK);
        } else {
            drop();
            nack(TransferReply.NACK2, decoder::expectFirst);
        }
    }

    /** Answers a NACK after setting what comes next, or refuses once the message had its NACKs. */
    private void nack(TransferReply r, Runnable expectNext) {
        if (nacks >= shared.limits().maxNacks()) {
            refuse("too many NACKs: " + nacks + " for one message");
            return;
        }
        nacks++;
        (r == TransferReply.NACK1 ? shared.stats().nack1 : shared.stats().nack2).increment();
        expectNext.run();
        reply(r);
    }

    private void trailer(Trailer t) {
        Incoming m = msg;
        if (done || m == null || !m.complete) {
            refuse("trailer before a complete body");
            return;
        }
        hold();
        if (!shared.deliveries().reserve()) {
            refuse("receiver busy: too many messages not yet taken");
            return;
        }
        onLoop(disk.submit(() -> shared.finisher().finish(m, t)), (message, e) -> {
            if (e != null) {
                shared.deliveries().unreserve();
                failed(e);
                return;
            }
            shared.deliveries().deliver(message);
            shared.stats().messages.increment();
            shared.stats().bytes.add(m.size);
            if (msg == m) {
                msg = null;
            }
            nacks = 0;
            if (!done) {
                decoder.expectFirst();
                reply(TransferReply.ACK);
            }
        });
    }

    private <T> void onLoop(CompletableFuture<T> f, java.util.function.BiConsumer<T, Throwable> then) {
        f.whenComplete((v, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (ctx.executor().inEventLoop()) {
                then.accept(v, cause);
            } else {
                try {
                    ctx.executor().execute(() -> then.accept(v, cause));
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // The event loop is shutting down with the server; the connection is gone.
                }
            }
        });
    }

    private void hold() {
        busy = true;
        decoder.hold();
        ctx.channel().config().setAutoRead(false);
    }

    private void reply(TransferReply r) {
        busy = false;
        lastReplyNanos = System.nanoTime();
        ctx.channel().config().setAutoRead(true);
        ctx.writeAndFlush(r, ctx.voidPromise());
    }

    private void failed(Throwable e) {
        if (done) {
            return;
        }
        if (e instanceof dev.courier.transfer.store.StoreRefusal r) {
            refuse(r.getMessage());
        } else {
            LOG.warn("{} cannot store a body: {}", ctx.channel(), e.toString());
            refuse("cannot store the body");
        }
    }

    /** Answers {@code ERR reason} and closes; nothing of the message is kept. */
    private void refuse(String reason) {
        if (done) {
            return;
        }
        done = true;
        busy = false;
        decoder.fail();
        drop();
        shared.stats().refused.increment();
        LOG.debug("{} ERR {}", ctx.channel(), reason);
        ctx.channel().config().setAutoRead(true);
        ctx.writeAndFlush(new TransferReply.Err(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    private void drop() {
        Incoming m = msg;
        msg = null;
        if (m != null) {
            disk.submit(m::discard);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            long quiet = System.nanoTime() - lastReplyNanos;
            // Idle counts from our last reply too: while the disk works the sender is rightly silent.
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
        drop();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof io.netty.handler.codec.DecoderException) {
            LOG.debug("{} closed after error: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("{} closed after an unexpected error", ctx.channel(), cause);
        }
        done = true;
        drop();
        ctx.close();
    }
}
