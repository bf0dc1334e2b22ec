package dev.courier.transfer;

import java.nio.ByteBuffer;

/**
 * The sender's optional hook that changes body bytes before they are hashed and sent (the original's
 * {@code encryption_logic}), for example a stream cipher. It works in place on {@code bytes} (position to limit),
 * must keep their length, and must give the same output for the same bytes at the same {@code offset} of the
 * body however the body is cut, because the body is read twice (hash, then send) and again after a NACK2. The
 * receiver holds and verifies the transformed bytes.
 */
@FunctionalInterface
public interface ByteTransform {
    /** Transforms {@code bytes}, which start at {@code offset} of the body, in place. */
    void apply(long offset, ByteBuffer bytes);
}
