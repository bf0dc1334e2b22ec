package dev.courier.transfer.client;

import dev.courier.transfer.ByteTransform;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferException.Reason;
import dev.courier.transfer.TransferProgress;
import dev.courier.transfer.TransferProgress.Stage;
import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.FrameHeaders;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.protocol.TransferReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sends one message at a time, stop-and-wait (spec sections 2 to 4), through one reusable buffer that grows only
 * to the largest chunk the receiver asks for: memory does not grow with the body.
 */
final class Sender {
    /** Block size of the hashing pass. */
    static final int HASH_BLOCK = 1 << 20;

    private final Channel channel;
    private final ReplyQueue replies;
    private final TransferClientConfig config;
    private ByteBuf buffer;
    private ChannelFuture lastWrite;

    Sender(Channel channel, ReplyQueue replies, TransferClientConfig config) {
        this.channel = channel;
        this.replies = replies;
        this.config = config;
    }

    SendResult send(BodySource src, Trailer trailer, TransferProgress progress) throws IOException {
        return send(src, hash(src, progress), trailer, progress, 0, 0);
    }

    /**
     * Sends a body whose SHA-256 is known, from its first frame ({@code startOffset} 0) or, after a RESUME answered
     * {@code OK offset n}, from a later frame of {@code startChunk} bytes at {@code startOffset}. A NACK2 starts it
     * again from the first frame.
     */
    SendResult send(BodySource src, byte[] sha, Trailer trailer, TransferProgress progress, long startOffset,
                    int startChunk) throws IOException {
        long size = src.size();
        if (startOffset > 0 && (startOffset >= size || startChunk < 1 || startChunk > size - startOffset
                || startChunk > config.maxChunkBytes())) {
            throw protocol("receiver offered to resume at " + startOffset + " with " + startChunk + " bytes, of "
                    + size);
        }
        int frames = 0;
        int nack1 = 0;
        int nack2 = 0;
        boolean resumed = startOffset > 0;
        restart:
        while (true) {
            long offset;
            int n;
            byte[] header;
            if (resumed) {
                resumed = false;
                offset = startOffset;
                n = startChunk;
                progress.update(Stage.SENDING, offset, size);
                header = FrameHeaders.next(fill(src, offset, n));
            } else {
                offset = 0;
                n = TransferProtocol.firstChunkBytes(size);
                header = FrameHeaders.first(size, sha, fill(src, offset, n));
            }
            write(header, n);
            frames++;
            while (true) {
                TransferReply r = replies.next(config.replyTimeout());
                if (r instanceof TransferReply.Next next) {
                    offset += n;
                    if (next.n() > size - offset) {
                        throw protocol("receiver asked for " + next.n() + " bytes, only " + (size - offset) + " left");
                    }
                    if (next.n() > config.maxChunkBytes()) {
                        throw protocol("receiver asked for a chunk of " + next.n() + " bytes, more than the limit "
                                + config.maxChunkBytes());
                    }
                    progress.update(Stage.SENDING, offset, size);
                    n = next.n();
                    header = FrameHeaders.next(fill(src, offset, n));
                    write(header, n);
                    frames++;
                } else if (r instanceof TransferReply.Ack) {
                    if (offset + n != size) {
                        throw protocol("receiver acknowledged the body with " + (size - offset - n) + " bytes unsent");
                    }
                    progress.update(Stage.SENDING, size, size);
                    break restart;
                } else if (r instanceof TransferReply.Nack1) {
                    nack1++;
                    write(header, n);
                    frames++;
                } else if (r instanceof TransferReply.Nack2) {
                    nack2++;
                    continue restart;
                } else {
                    throw refused(r);
                }
            }
        }
        awaitLastWrite();
        lastWrite = channel.writeAndFlush(Unpooled.wrappedBuffer(Trailer.encode(trailer)));
        TransferReply r = replies.next(config.replyTimeout());
        if (!(r instanceof TransferReply.Ack)) {
            throw r instanceof TransferReply.Err ? refused(r) : protocol("unexpected reply to the trailer: " + r.line());
        }
        return new SendResult(size, sha, frames, nack1, nack2);
    }

    /**
     * Sends an extension line where a first frame may begin and returns the receiver's {@code OK}. A receiver that
     * speaks only the spec answers it as a first frame with an impossible size: that is said as
     * {@link Reason#UNSUPPORTED}; any other {@code ERR} as {@link Reason#REFUSED}.
     */
    TransferReply.Ok extension(ExtensionLine line) throws TransferException {
        return extension(line, config.replyTimeout());
    }

    /** {@link #extension(ExtensionLine)} waiting at most {@code timeout} for the answer. */
    TransferReply.Ok extension(ExtensionLine line, java.time.Duration timeout) throws TransferException {
        awaitLastWrite();
        lastWrite = channel.writeAndFlush(Unpooled.wrappedBuffer(line.encode()));
        TransferReply r = replies.next(timeout);
        if (r instanceof TransferReply.Ok ok) {
            return ok;
        }
        if (r instanceof TransferReply.Err e && e.reason().equals(TransferProtocol.SIZE_BEYOND_LIMIT)) {
            throw new TransferException(Reason.UNSUPPORTED, "the receiver speaks only the transfer protocol's spec, "
                    + "without Courier's extensions (it cannot take " + line.verb() + ")");
        }
        if (r instanceof TransferReply.Err) {
            throw refused(r);
        }
        throw protocol("unexpected reply to " + line.verb() + ": " + r.line().trim());
    }

    byte[] hash(BodySource src, TransferProgress progress) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = src.size();
        for (long off = 0; off < size; ) {
            int n = (int) Math.min(HASH_BLOCK, size - off);
            fill(src, off, n);
            md.update(buffer.nioBuffer(0, n));
            off += n;
            progress.update(Stage.HASHING, off, size);
        }
        return md.digest();
    }

    /** Reads {@code n} bytes at {@code offset} into the buffer, applies the hook, and returns their CRC-32. */
    private int fill(BodySource src, long offset, int n) throws IOException {
        awaitLastWrite();
        if (buffer == null || buffer.capacity() < n) {
            release();
            buffer = channel.alloc().directBuffer(Math.max(n, TransferProtocol.FIRST_CHUNK_BYTES));
        }
        buffer.clear();
        src.read(offset, buffer, n);
        ByteTransform t = config.transform();
        if (t != null) {
            t.apply(offset, buffer.nioBuffer(0, n));
        }
        return FrameHeaders.crc(buffer.slice(0, n));
    }

    private void write(byte[] header, int n) throws TransferException {
        awaitLastWrite();
        channel.write(Unpooled.wrappedBuffer(header));
        lastWrite = channel.writeAndFlush(buffer.retainedSlice(0, n));
    }

    /** The buffer is reused: wait until the last frame has left it. Failures show up as replies (or CLOSED). */
    private void awaitLastWrite() {
        if (lastWrite != null) {
            lastWrite.awaitUninterruptibly(config.replyTimeout().toMillis());
        }
    }

    private static TransferException protocol(String m) {
        return new TransferException(Reason.PROTOCOL, m);
    }

    private static TransferException refused(TransferReply r) {
        String reason = r instanceof TransferReply.Err e ? e.reason() : r.line().trim();
        return new TransferException(Reason.REFUSED, "the receiver refused: " + reason);
    }

    void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
