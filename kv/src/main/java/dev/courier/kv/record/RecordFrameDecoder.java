package dev.courier.kv.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

/**
 * A client's reader of the record dialect: the plaintext between two {@link RecordEnd} events is one answer, handed
 * on as one buffer; a record that decodes to nothing (handshake, session ticket) is none. An answer longer than
 * the bound is reported as a {@link TooLongFrameException}.
 */
public final class RecordFrameDecoder extends ChannelInboundHandlerAdapter {
    private final int maxBytes;
    private final RecordGather gather;

    /** A decoder of answers of at most {@code maxBytes}. */
    public RecordFrameDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
        this.gather = new RecordGather(maxBytes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            gather.add(in);
        } finally {
            in.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != RecordEnd.INSTANCE) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (gather.isEmpty()) {
            return;
        }
        long length = gather.seen();
        boolean oversized = gather.oversized();
        byte[] record = gather.take();
        if (oversized) {
            ctx.fireExceptionCaught(new TooLongFrameException("a record of " + length + " bytes, more than "
                    + maxBytes));
            return;
        }
        ctx.fireChannelRead(Unpooled.wrappedBuffer(record));
    }
}
