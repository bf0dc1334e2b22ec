package dev.courier.transfer.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Writes the sender's frame headers byte-exactly, and computes the CRC-32 of chunks. */
public final class FrameHeaders {
    private FrameHeaders() {
    }

    /** The 50-byte first header: size, CR LF, SHA-256, CR LF, CRC-32, CR LF. */
    public static byte[] first(long size, byte[] sha256, int crc) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be 0 .. 2^63-1");
        }
        if (sha256.length != TransferProtocol.SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(TransferProtocol.FIRST_HEADER_BYTES);
        b.putLong(size).put((byte) '\r').put((byte) '\n');
        b.put(sha256).put((byte) '\r').put((byte) '\n');
        b.putInt(crc).put((byte) '\r').put((byte) '\n');
        return b.array();
    }

    /** The 6-byte header of a later frame: CRC-32, CR LF. */
    public static byte[] next(int crc) {
        return ByteBuffer.allocate(TransferProtocol.CHUNK_HEADER_BYTES).putInt(crc).put((byte) '\r').put((byte) '\n')
                .array();
    }

    /** CRC-32 (zlib polynomial) of a buffer's readable bytes, without moving its indices. */
    public static int crc(ByteBuf chunk) {
        CRC32 crc = new CRC32();
        if (chunk.nioBufferCount() == 1) {
            crc.update(chunk.nioBuffer());
        } else {
            for (ByteBuffer b : chunk.nioBuffers()) {
                crc.update(b);
            }
        }
        return (int) crc.getValue();
    }
}
