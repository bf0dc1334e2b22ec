package dev.courier.mail.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into LF-ended lines of bounded size, each emitted without its LF. A line longer than the
 * limit (LF included) becomes one {@link MailRequest.TooLong}, after which every further byte is discarded: the
 * connection is about to be closed and nothing after the long line may run.
 */
public final class MailFrameDecoder extends ByteToMessageDecoder {
    private final int maxLineBytes;
    private int scanned;
    private boolean discarding;

    /** A decoder for lines of at most {@code maxLineBytes}, LF included. */
    public MailFrameDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding) {
                in.skipBytes(in.readableBytes());
                return;
            }
            int start = in.readerIndex();
            int limit = Math.min(in.writerIndex(), start + maxLineBytes);
            int lf = in.indexOf(start + scanned, limit, Wire.LF);
            if (lf < 0) {
                if (in.readableBytes() >= maxLineBytes) {
                    discarding = true;
                    scanned = 0;
                    in.skipBytes(in.readableBytes());
                    out.add(new MailRequest.TooLong(maxLineBytes));
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
