package dev.courier.kv.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Writes KV replies as {@link KvReplyEncoder} does, but gathers the replies to one batch of requests in one buffer
 * until the flush: a pipelining client's sixteen answers then cost one buffer and one TLS record, not sixteen.
 * One instance per connection.
 */
public final class KvReplyBatchEncoder extends ChannelOutboundHandlerAdapter {
    /**
     * Bytes gathered before they are handed on without waiting for the flush, so that the channel's outbound
     * buffer, and with it its writability and the server's backpressure, sees them.
     */
    public static final int MAX_GATHERED_BYTES = 16 * 1024;

    private final Edition edition;
    private ByteBuf gathered;

    /** An encoder for replies of {@code edition}. */
    public KvReplyBatchEncoder(Edition edition) {
        this.edition = edition;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof KvReply reply)) {
            handOn(ctx);
            ctx.write(msg, promise);
            return;
        }
        if (gathered == null) {
            gathered = ctx.alloc().buffer(256);
        }
        KvReplyEncoder.write(reply, edition, gathered);
        // A caller that waits on this write (the last answer before a close) gets the buffer's own future.
        if (!promise.isVoid() || gathered.readableBytes() >= MAX_GATHERED_BYTES) {
            ByteBuf out = gathered;
            gathered = null;
            ctx.write(out, promise.isVoid() ? ctx.voidPromise() : promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        handOn(ctx);
        ctx.flush();
    }

    private void handOn(ChannelHandlerContext ctx) {
        if (gathered != null) {
            ByteBuf out = gathered;
            gathered = null;
            ctx.write(out, ctx.voidPromise());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }
}
