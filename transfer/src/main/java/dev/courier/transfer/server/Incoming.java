package dev.courier.transfer.server;

import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.store.Body;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One message being received. The event loop owns the counters; the body is touched only by the connection's
 * serial executor, and the first failure there sticks so nothing is hashed or kept after it.
 */
final class Incoming {
    final long size;
    final byte[] sha256;
    final Body body;
    long received;
    boolean complete;
    CompletableFuture<Object> lastWrite = CompletableFuture.completedFuture(null);
    private int chunk = TransferProtocol.FIRST_CHUNK_BYTES;
    private IOException failure;

    Incoming(long size, byte[] sha256, Body body) {
        this.size = size;
        this.sha256 = sha256;
        this.body = body;
    }

    /** The next chunk to ask for: doubling up to {@code max}, never more than what is left. */
    int nextChunk(int max) {
        chunk = (int) Math.min(2L * chunk, max);
        return (int) Math.min(chunk, size - received);
    }

    /** Appends on the serial executor; after a failure, drops the chunk and fails again. */
    Object append(ByteBuf c) throws IOException {
        if (failure != null) {
            c.release();
            throw failure;
        }
        try {
            body.append(c);
            return null;
        } catch (IOException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = new IOException(e);
            throw failure;
        }
    }

    /** The body's SHA-256, on the serial executor after the last append. */
    byte[] digest() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return body.digest();
    }

    /** Drops the body, on the serial executor. */
    Object discard() {
        body.discard();
        return null;
    }
}
