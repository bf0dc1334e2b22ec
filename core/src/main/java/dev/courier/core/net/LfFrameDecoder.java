package dev.courier.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Cuts a stream into messages ended by one LF, emitting each without its LF. Unlike Netty's line decoder, CR is
 * data, not part of the delimiter. A message longer than the limit (LF included) fails the channel.
 */
public final class LfFrameDecoder extends ByteToMessageDecoder {
    private final int maxMessageBytes;
    private int scanned;

    /** A decoder for messages of at most {@code maxMessageBytes}, their LF included. */
    public LfFrameDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int limit = Math.min(in.writerIndex(), start + maxMessageBytes);
            int lf = in.indexOf(start + scanned, limit, (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() >= maxMessageBytes) {
                    in.skipBytes(in.readableBytes());
                    scanned = 0;
                    throw new TooLongFrameException("message longer than " + maxMessageBytes + " bytes");
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
