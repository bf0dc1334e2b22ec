package dev.courier.kv.record;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Sits before the {@code SslHandler} and hands it the ciphertext one whole TLS record at a time, each followed by
 * {@link RecordEnd}. The SslHandler unwraps what it is given at once and fires the plaintext before it returns (its
 * {@code unwrap} fires {@code channelRead} inline), so a handler after it sees each record's plaintext followed by
 * the event: the record dialect's message boundaries. Given a whole socket read, the SslHandler would unwrap every
 * record in it into one buffer, and the boundaries would be lost.
 *
 * <p>Memory is bounded by one record (at most {@link #MAX_RECORD_BODY_BYTES} plus its header) plus one socket read.
 * Bytes that are not a TLS record header are handed on as they are, from then on: the SslHandler fails on them
 * and closes the connection.
 */
public final class TlsRecordSplitter extends ChannelInboundHandlerAdapter {
    /** A TLS record header: content type, version (2 bytes), length (2 bytes) (RFC 8446 section 5.1). */
    public static final int HEADER_BYTES = 5;
    /** Longest record body TLS allows: 2^14 bytes of plaintext plus 2048 of expansion (RFC 5246 section 6.2.3). */
    public static final int MAX_RECORD_BODY_BYTES = (1 << 14) + 2048;
    private static final int FIRST_CONTENT_TYPE = 20;
    private static final int LAST_CONTENT_TYPE = 24;
    private static final int MAJOR_VERSION = 3;

    private ByteBuf cumulation;
    private boolean passThrough;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || passThrough) {
            ctx.fireChannelRead(msg);
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        ByteBuf buf = cumulation;
        while (buf.readableBytes() >= HEADER_BYTES && cumulation == buf) {
            int at = buf.readerIndex();
            int type = buf.getUnsignedByte(at);
            int major = buf.getUnsignedByte(at + 1);
            int length = buf.getUnsignedShort(at + 3);
            if (type < FIRST_CONTENT_TYPE || type > LAST_CONTENT_TYPE || major != MAJOR_VERSION
                    || length > MAX_RECORD_BODY_BYTES) {
                // Not TLS: let the SslHandler say so.
                passThrough = true;
                cumulation = null;
                ctx.fireChannelRead(buf);
                return;
            }
            if (buf.readableBytes() < HEADER_BYTES + length) {
                break;
            }
            ctx.fireChannelRead(buf.readRetainedSlice(HEADER_BYTES + length));
            ctx.fireUserEventTriggered(RecordEnd.INSTANCE);
        }
        if (cumulation == buf && !buf.isReadable()) {
            cumulation = null;
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
