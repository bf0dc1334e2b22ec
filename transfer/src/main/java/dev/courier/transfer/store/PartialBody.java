package dev.courier.transfer.store;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The body of a resumable file, written to its partial in the {@link PartialStore}. Its verified length is made
 * durable every {@link PartialStore.Settings#syncEveryBytes()} or {@link PartialStore.Settings#syncEvery()},
 * whichever comes first: the body is synced, then the record says how far. Those syncs run on the store's sync
 * thread while the next chunks are written. Cut off ({@link #discard()}), it syncs and keeps what it has for a later
 * resume; delivered ({@link #toTempFile()}), it leaves the store with nothing behind.
 */
public final class PartialBody implements Body {
    private final PartialStore store;
    private final String id;
    private final long size;
    private final MessageDigest sha;
    private final Path inbox;
    private FileChannel channel;
    private long received;
    private long synced;
    private long lastSyncNanos = System.nanoTime();
    private boolean done;
    /** The periodic sync under way, if any: at most one per body. */
    private CompletableFuture<Void> syncing = CompletableFuture.completedFuture(null);

    PartialBody(PartialStore store, String id, long size, FileChannel channel, MessageDigest sha, long received,
                Path inbox) {
        this.store = store;
        this.id = id;
        this.size = size;
        this.channel = channel;
        this.sha = sha;
        this.received = received;
        this.synced = received;
        this.inbox = inbox;
    }

    @Override
    public void append(ByteBuf chunk) throws IOException {
        try {
            if (done) {
                throw new StoreRefusal("message dropped");
            }
            int n = chunk.readableBytes();
            if (n > size - received) {
                throw new IllegalStateException("body longer than announced");
            }
            for (ByteBuffer b : chunk.nioBuffers()) {
                sha.update(b.duplicate());
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
            received += n;
            PartialStore.Settings s = store.settings();
            if ((received - synced >= s.syncEveryBytes()
                    || System.nanoTime() - lastSyncNanos >= s.syncEvery().toNanos()) && syncing.isDone()) {
                checkpointInBackground();
            }
        } catch (IOException e) {
            throw TempFiles.explain(e);
        } finally {
            chunk.release();
        }
    }

    /**
     * Syncs the bytes written so far on the store's sync thread, then records them. {@code fsync} covers every
     * byte written before it is called, so the record still never claims a byte that is not on disk, while this
     * thread goes on writing. A failed sync leaves the record as it was; the next one, or the final sync of a
     * delivery, tries again.
     */
    private void checkpointInBackground() {
        long upTo = received;
        FileChannel c = channel;
        synced = upTo;
        lastSyncNanos = System.nanoTime();
        syncing = CompletableFuture.runAsync(() -> {
            try {
                c.force(false);
                store.checkpoint(id, upTo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, store.syncer());
    }

    /** Waits for the periodic sync under way, if any (before the channel closes, truncates or syncs at the end). */
    void awaitSync() {
        try {
            syncing.join();
        } catch (CompletionException e) {
            // The record keeps its last verified length; what came after it is cut off when resumed.
        }
    }

    /** Syncs the body, then records how far it is: the record never claims a byte that is not on disk. */
    private void checkpoint() throws IOException {
        awaitSync();
        channel.force(false);
        store.checkpoint(id, received);
        synced = received;
        lastSyncNanos = System.nanoTime();
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public byte[] digest() {
        return sha.digest();
    }

    @Override
    public byte[] bytes() throws IOException {
        throw new StoreRefusal("a resumed message can only be a file");
    }

    /**
     * Moves the whole synced body into a temporary file of the inbox (a hard link, or a copy when the data
     * directory is on another file system) and deletes the partial and its record.
     */
    @Override
    public Path toTempFile() throws IOException {
        awaitSync();
        channel.force(true);
        channel.close();
        channel = null;
        done = true;
        Path body = store.body(id);
        Path tmp = TempFiles.create(inbox);
        try {
            try {
                Files.delete(tmp);
                Files.createLink(tmp, body);
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel c = FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    c.force(true);
                }
            }
        } catch (IOException | RuntimeException e) {
            TempFiles.deleteQuietly(tmp);
            store.release(id, true);
            throw TempFiles.explain(e instanceof IOException io ? io : new IOException(e));
        }
        store.release(id, true);
        return tmp;
    }

    /** The whole body failed its SHA-256: starts the partial again from nothing. */
    public void restart() throws IOException {
        if (done) {
            return;
        }
        awaitSync();
        channel.truncate(0);
        channel.position(0);
        sha.reset();
        received = 0;
        synced = 0;
        store.checkpoint(id, 0);
    }

    /** Deletes the partial and its record: the file will not be resumed. */
    public void remove() {
        close();
        if (!done) {
            done = true;
            store.release(id, true);
        }
    }

    /** The connection ended before the body was whole: syncs what arrived and keeps it for a later resume. */
    @Override
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        try {
            checkpoint();
        } catch (IOException e) {
            // The record keeps its last verified length; what came after it is cut off when resumed.
        }
        close();
        store.release(id, false);
    }

    private void close() {
        awaitSync();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // The record, not the channel, says what is kept.
            }
            channel = null;
        }
    }
}
