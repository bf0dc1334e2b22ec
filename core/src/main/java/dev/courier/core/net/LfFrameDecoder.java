package dev.courier.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Cuts a stream into messages ended by one LF, emitting each without its LF. Unlike Netty's line decoder, CR is
 * data, not part of the delimiter. A message longer than the limit (LF included) fails the channel, or, for a
 * service whose spec answers it (mail's {@code ERR:limit}), becomes one marker message after which every further
 * byte is discarded: the connection is about to be closed and nothing sent after the long message may run.
 */
public final class LfFrameDecoder extends ByteToMessageDecoder {
    private final int maxMessageBytes;
    private final IntFunction<?> tooLong;
    private int scanned;
    private boolean discarding;

    /** A decoder for messages of at most {@code maxMessageBytes}, their LF included; a longer one fails. */
    public LfFrameDecoder(int maxMessageBytes) {
        this(maxMessageBytes, null);
    }

    /**
     * A decoder that emits {@code tooLong.apply(maxMessageBytes)} for a message over the limit, then discards
     * the rest of the stream (null: fail the channel instead).
     */
    public LfFrameDecoder(int maxMessageBytes, IntFunction<?> tooLong) {
        this.maxMessageBytes = maxMessageBytes;
        this.tooLong = tooLong;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int start = in.readerIndex();
            // Look no further than the limit, and never again at bytes already scanned.
            int limit = Math.min(in.writerIndex(), start + maxMessageBytes);
            int lf = in.indexOf(start + scanned, limit, (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() >= maxMessageBytes) {
                    in.skipBytes(in.readableBytes());
                    scanned = 0;
                    if (tooLong == null) {
                        throw new TooLongFrameException("message longer than " + maxMessageBytes + " bytes");
                    }
                    discarding = true;
                    out.add(tooLong.apply(maxMessageBytes));
                    return;
                }
                scanned = limit - start;
                return;
            }
            scanned = 0;
            out.add(in.readRetainedSlice(lf - start));
            in.skipBytes(1);
        }
    }
}
