package dev.courier.transfer.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the sender's bytes into frames. The protocol is stop-and-wait and only the receiver knows what comes next
 * (a first frame, a chunk of the size it asked for, or a trailer), so the handler says it with {@code expect...}
 * before each reply; after each frame the decoder holds until told. Bounded: it buffers at most the frame it
 * waits for (the 2 048-byte first frame, a 6-byte header and the chunk size asked for, or a trailer of at most
 * {@code maxTrailerBytes}) or, while holding, {@code holdSlack} bytes, plus what one read brings beyond that.
 * Where a first frame may begin, a byte 0xFF opens one of Courier's extension lines instead (at most
 * {@link TransferProtocol#MAX_EXTENSION_BYTES}); the handler answers it and says what comes next, as after a frame.
 */
public final class TransferFrameDecoder extends ByteToMessageDecoder {
    private enum State { FIRST, CHUNK, TRAILER, HOLD, FAILED }

    private final int maxTrailerBytes;
    private final int holdSlack;
    private State state = State.FIRST;
    private int chunkBytes;

    /** A decoder that accepts trailers of at most {@code maxTrailerBytes} (CR LF included). */
    public TransferFrameDecoder(int maxTrailerBytes, int holdSlack) {
        this.maxTrailerBytes = maxTrailerBytes;
        this.holdSlack = holdSlack;
    }

    /** The next frame is the first frame of a message (header and first chunk). */
    public void expectFirst() {
        state = State.FIRST;
    }

    /** The next frame is a chunk of {@code n} bytes. */
    public void expectChunk(int n) {
        chunkBytes = n;
        state = State.CHUNK;
    }

    /** The next line is a trailer. */
    public void expectTrailer() {
        state = State.TRAILER;
    }

    /** Nothing is decoded until one of the {@code expect...} methods is called. */
    public void hold() {
        state = State.HOLD;
    }

    /** Nothing more is ever decoded; bytes are dropped. */
    public void fail() {
        state = State.FAILED;
    }

    /**
     * Bytes of the largest frame the decoder waits for now (header and chunk, or a trailer line), or 0 while it
     * holds or failed: what the receiver's frame deadline is measured against.
     */
    public int expectedFrameBytes() {
        return switch (state) {
            case FIRST -> TransferProtocol.FIRST_FRAME_BYTES;
            case CHUNK -> TransferProtocol.CHUNK_HEADER_BYTES + chunkBytes;
            case TRAILER -> maxTrailerBytes;
            default -> 0;
        };
    }

    /** Bytes received and not yet decoded. */
    public int buffered() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case FIRST -> first(in, out);
            case CHUNK -> chunk(in, out);
            case TRAILER -> trailer(in, out);
            case HOLD -> {
                if (in.readableBytes() > holdSlack) {
                    // The limit, not the count: how many bytes one read brought is not the sender's doing alone.
                    violation(in, out, "sent more than " + holdSlack + " bytes without waiting for the reply");
                }
            }
            case FAILED -> in.skipBytes(in.readableBytes());
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void first(ByteBuf in, List<Object> out) {
        // 0xFF cannot begin a spec first frame (its size's top bit would be set): it opens an extension line.
        if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) == TransferProtocol.EXTENSION_MARK) {
            extension(in, out);
            return;
        }
        if (in.readableBytes() < TransferProtocol.FIRST_HEADER_BYTES) {
            return;
        }
        int r = in.readerIndex();
        if (!crlf(in, r + 8) || !crlf(in, r + 42) || !crlf(in, r + 48)) {
            violation(in, out, "bad header: CR LF missing after size, SHA-256 or CRC-32");
            return;
        }
        long size = in.getLong(r);
        if (size < 0) {
            violation(in, out, TransferProtocol.SIZE_BEYOND_LIMIT);
            return;
        }
        int n = TransferProtocol.firstChunkBytes(size);
        if (in.readableBytes() < TransferProtocol.FIRST_HEADER_BYTES + n) {
            return;
        }
        byte[] sha = new byte[TransferProtocol.SHA256_BYTES];
        in.getBytes(r + 10, sha);
        int crc = in.getInt(r + 44);
        in.skipBytes(TransferProtocol.FIRST_HEADER_BYTES);
        state = State.HOLD;
        out.add(new TransferFrame.First(size, sha, crc, in.readRetainedSlice(n)));
    }

    private void chunk(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < TransferProtocol.CHUNK_HEADER_BYTES) {
            return;
        }
        int r = in.readerIndex();
        if (!crlf(in, r + 4)) {
            violation(in, out, "bad frame: CR LF missing after CRC-32");
            return;
        }
        if (in.readableBytes() < TransferProtocol.CHUNK_HEADER_BYTES + chunkBytes) {
            return;
        }
        int crc = in.getInt(r);
        in.skipBytes(TransferProtocol.CHUNK_HEADER_BYTES);
        state = State.HOLD;
        out.add(new TransferFrame.Next(crc, in.readRetainedSlice(chunkBytes)));
    }

    private void trailer(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int lf = in.indexOf(r, r + Math.min(in.readableBytes(), maxTrailerBytes), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= maxTrailerBytes) {
                violation(in, out, "trailer longer than " + maxTrailerBytes + " bytes");
            }
            return;
        }
        if (lf == r || in.getByte(lf - 1) != '\r') {
            violation(in, out, "bad trailer: not ended by CR LF");
            return;
        }
        byte[] line = new byte[lf - 1 - r];
        in.readBytes(line);
        in.skipBytes(2);
        state = State.HOLD;
        TransferFrame t = Trailer.parse(line);
        if (t instanceof TransferFrame.Violation) {
            state = State.FAILED;
        }
        out.add(t);
    }

    /** An extension line: 0xFF, words, CR LF, within {@link TransferProtocol#MAX_EXTENSION_BYTES}. */
    private void extension(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int max = TransferProtocol.MAX_EXTENSION_BYTES;
        int lf = in.indexOf(r + 1, r + Math.min(in.readableBytes(), max), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= max) {
                violation(in, out, "bad extension: longer than " + max + " bytes");
            }
            return;
        }
        if (lf == r + 1 || in.getByte(lf - 1) != '\r') {
            violation(in, out, "bad extension: not ended by CR LF");
            return;
        }
        byte[] words = new byte[lf - 1 - (r + 1)];
        in.skipBytes(1);
        in.readBytes(words);
        in.skipBytes(2);
        TransferFrame line = ExtensionLine.parse(words);
        if (line instanceof TransferFrame.Violation v) {
            violation(in, out, v.reason());
            return;
        }
        state = State.HOLD;
        out.add(line);
    }

    private static boolean crlf(ByteBuf in, int at) {
        return in.getByte(at) == '\r' && in.getByte(at + 1) == '\n';
    }

    private void violation(ByteBuf in, List<Object> out, String reason) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        out.add(new TransferFrame.Violation(reason));
    }
}
