package dev.courier.transfer.server;

import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.store.Body;
import dev.courier.transfer.store.MemoryBody;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One message being received. The event loop owns the counters and the chunk reservation; the body is touched
 * only by the connection's serial executor, and the first failure there sticks so nothing is hashed or kept after
 * it. A body in memory that the budget will not let grow is moved to disk there, without the sender noticing.
 */
final class Incoming {
    final long size;
    final byte[] sha256;
    private Body body;
    private final LongAdder spills;
    long received;
    boolean complete;
    /** Bytes charged for the chunk asked for and not yet arrived (event loop only). */
    long reserved;
    CompletableFuture<Object> lastWrite = CompletableFuture.completedFuture(null);
    private int chunk = TransferProtocol.FIRST_CHUNK_BYTES;
    private IOException failure;

    Incoming(long size, byte[] sha256, Body body, LongAdder spills) {
        this.size = size;
        this.sha256 = sha256;
        this.body = body;
        this.spills = spills;
    }

    /** The next chunk to ask for: doubling up to {@code max}, never more than what is left. */
    int nextChunk(int max) {
        chunk = (int) Math.min(2L * chunk, max);
        return (int) Math.min(chunk, size - received);
    }

    /** The chunk actually asked for was {@code n} (smaller when memory is short): growth goes on from there. */
    void granted(int n) {
        chunk = Math.max(TransferProtocol.FIRST_CHUNK_BYTES, n);
    }

    /** The body, on the serial executor. */
    Body body() {
        return body;
    }

    /** Appends on the serial executor; after a failure, drops the chunk and fails again. */
    Object append(ByteBuf c) throws IOException {
        if (failure != null) {
            c.release();
            throw failure;
        }
        try {
            try {
                body.append(c);
            } catch (MemoryBody.OverBudget e) {
                // The chunk is still ours: move what came so far to disk and go on there.
                try {
                    body = ((MemoryBody) body).spill();
                } catch (IOException | RuntimeException x) {
                    c.release();
                    throw x;
                }
                spills.increment();
                body.append(c);
            }
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
