package dev.courier.transfer.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A body being received: chunks appended in order and hashed as they come. Not thread-safe: one thread at a time
 * (the connection's serial executor) calls it; hand-offs between threads must be ordered by the caller.
 */
public interface Body {
    /** Hashes and stores the chunk's readable bytes, and releases it. */
    void append(ByteBuf chunk) throws IOException;

    /** Bytes appended so far. */
    long received();

    /** SHA-256 of everything appended; call once, after the last chunk. */
    byte[] digest();

    /** The whole body in memory, for a text or JSON message (the caller charged the memory budget for it). */
    byte[] bytes() throws IOException;

    /** The whole body in a synced temporary file in the target directory, closed; the caller moves or deletes it. */
    Path toTempFile() throws IOException;

    /** Drops everything stored (a temporary file is deleted); safe to call more than once. */
    void discard();
}
