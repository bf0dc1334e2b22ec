package dev.courier.transfer.protocol;

import io.netty.buffer.ByteBuf;

/**
 * What the receiver's frame decoder makes of the sender's bytes (spec sections 2 and 4, and Courier's extension
 * lines).
 */
public sealed interface TransferFrame
        permits TransferFrame.First, TransferFrame.Next, Trailer, ExtensionLine, TransferFrame.Violation {
    /**
     * The first frame of a message: the body's size and SHA-256, and the first chunk with its CRC-32. The
     * receiver of this frame owns {@code chunk} and must release it.
     */
    record First(long size, byte[] sha256, int crc, ByteBuf chunk) implements TransferFrame {
        /** A copy of the SHA-256, so the frame cannot be changed from outside. */
        @Override
        public byte[] sha256() {
            return sha256.clone();
        }
    }

    /** A later frame: a chunk of the size last asked for, with its CRC-32; the receiver must release it. */
    record Next(int crc, ByteBuf chunk) implements TransferFrame {
    }

    /** Bytes that break the protocol; the decoder reads nothing more after one. */
    record Violation(String reason) implements TransferFrame {
    }
}
