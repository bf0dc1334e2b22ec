package dev.courier.kv.record;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The plaintext of the record under way, kept up to a bound: past it the record's length is still counted, but its
 * bytes are dropped, so a peer cannot make a connection hold more than the bound whatever it sends.
 */
final class RecordGather {
    private static final int INITIAL_BYTES = 256;

    private final int maxBytes;
    private byte[] bytes = new byte[0];
    private int length;
    private long seen;

    /** A gather that keeps at most {@code maxBytes} of a record. */
    RecordGather(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds what {@code in} holds (it is read, not released). */
    void add(ByteBuf in) {
        int n = in.readableBytes();
        seen += n;
        int keep = (int) Math.min(n, Math.max(0, maxBytes - length));
        if (keep > 0) {
            if (length + keep > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(INITIAL_BYTES,
                        Math.max(length + keep, bytes.length * 2))));
            }
            in.readBytes(bytes, length, keep);
            length += keep;
        }
        in.skipBytes(in.readableBytes());
    }

    /** Whether any plaintext came since the last record ended. */
    boolean isEmpty() {
        return seen == 0;
    }

    /** Whether the record under way passed the bound. */
    boolean oversized() {
        return seen > maxBytes;
    }

    /** The record's length so far, dropped bytes included. */
    long seen() {
        return seen;
    }

    /** The record's bytes (when not oversized), and a fresh start for the next record. */
    byte[] take() {
        byte[] r = Arrays.copyOf(bytes, length);
        length = 0;
        seen = 0;
        if (bytes.length > INITIAL_BYTES) {
            // A long record's buffer is not kept for a connection that may stay idle for minutes.
            bytes = new byte[0];
        }
        return r;
    }
}
