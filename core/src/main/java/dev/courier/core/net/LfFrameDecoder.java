package dev.courier.core.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Cuts a stream into messages ended by one LF, emitting each without its LF. Unlike Netty's line decoder, CR is
 * data, not part of the delimiter. A message longer than the limit (LF included) fails the channel, or, for a
 * service whose spec answers it (mail's {@code ERR:limit}), becomes one marker message after which every further
 * byte is discarded: the connection is about to be closed and nothing sent after the long message may run.
 *
 * <p>An optional {@link Holding} is told how many bytes of an unfinished message the decoder holds after every
 * read, so that a server can charge them to its memory budget; when it refuses, the decoder emits its marker and
 * discards the rest of the stream, like after a message over the limit.
 */
public final class LfFrameDecoder extends ByteToMessageDecoder {
    /** Watches the bytes of an unfinished message that the decoder holds (for a memory budget). */
    public interface Holding {
        /**
         * The decoder now holds {@code bytes} of an unfinished message (0 once none: the message was handed on,
         * discarded, or the decoder removed); false if it may not hold them.
         */
        boolean holding(int bytes);

        /** The message to emit when {@link #holding} refused; null fails the channel instead. */
        Object refused();
    }

    private final int maxMessageBytes;
    private final IntFunction<?> tooLong;
    private final Holding holding;
    private int scanned;
    private int held;
    private boolean discarding;

    /** Whether part of a message has arrived and its LF not yet: a drain waits for the rest. */
    public boolean midMessage() {
        return !discarding && actualReadableBytes() > 0;
    }

    /** A decoder for messages of at most {@code maxMessageBytes}, their LF included; a longer one fails. */
    public LfFrameDecoder(int maxMessageBytes) {
        this(maxMessageBytes, null);
    }

    /**
     * A decoder that emits {@code tooLong.apply(maxMessageBytes)} for a message over the limit, then discards
     * the rest of the stream (null: fail the channel instead).
     */
    public LfFrameDecoder(int maxMessageBytes, IntFunction<?> tooLong) {
        this(maxMessageBytes, tooLong, null);
    }

    /** As {@link #LfFrameDecoder(int, IntFunction)}, telling {@code holding} (if not null) what it holds. */
    public LfFrameDecoder(int maxMessageBytes, IntFunction<?> tooLong, Holding holding) {
        this.maxMessageBytes = maxMessageBytes;
        this.tooLong = tooLong;
        this.holding = holding;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        cut(in, out);
        if (holding != null) {
            // What is left after cutting is one unfinished message (none while discarding).
            int now = discarding ? 0 : in.readableBytes();
            if (now != held) {
                held = now;
                if (!holding.holding(now)) {
                    in.skipBytes(in.readableBytes());
                    scanned = 0;
                    discarding = true;
                    held = 0;
                    holding.holding(0);
                    Object marker = holding.refused();
                    if (marker == null) {
                        throw new DecoderException("no memory for a message of " + now + " bytes so far");
                    }
                    out.add(marker);
                }
            }
        }
    }

    private void cut(ByteBuf in, List<Object> out) {
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

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        // The cumulation is released with the decoder: whatever was held is no longer.
        if (holding != null && held != 0) {
            held = 0;
            holding.holding(0);
        }
    }
}
