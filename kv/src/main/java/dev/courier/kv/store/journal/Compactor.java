package dev.courier.kv.store.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction, one at a time, without stopping service: under the append lock the writer moves appends to
 * {@code journal-<g+1>.log}; then a background thread ({@code kv-journal-compact}) writes
 * {@code snapshot-<g+1>.snap} from the store and deletes the older files. A crash at any point leaves a set a start
 * loads: the old snapshot and journals until the new snapshot is renamed into place, the new ones after.
 */
final class Compactor {
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Path dir;
    private final JournalWriter writer;
    private final SnapshotSource source;
    private volatile long snapshotBytes;
    private volatile long compactions;
    private volatile boolean closed;
    /** The compaction under way and its thread, or null; guarded by this. */
    private volatile CompletableFuture<Void> running;
    private Thread thread;

    Compactor(Path dir, JournalWriter writer, SnapshotSource source, long snapshotBytes) {
        this.dir = dir;
        this.writer = writer;
        this.source = source;
        this.snapshotBytes = snapshotBytes;
    }

    /** Bytes of the current snapshot (0 if none). */
    long snapshotBytes() {
        return snapshotBytes;
    }

    /** Snapshots completed since open. */
    long compactions() {
        return compactions;
    }

    /** The compaction under way (completes when its snapshot is in place), or null. */
    CompletableFuture<Void> running() {
        return running;
    }

    /** Whether a compaction could start now: there is a source, none is running, not closed. */
    synchronized boolean idle() {
        return source != null && running == null && !closed;
    }

    /** Starts a compaction, or returns the one under way; completes when the snapshot is in place. */
    synchronized CompletableFuture<Void> start() {
        if (running != null) {
            return running;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new JournalException("the journal in " + dir + " is closed"));
        }
        if (source == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no snapshot source to compact from"));
        }
        long gen = writer.generation() + 1;
        CompletableFuture<Void> rotated = writer.rotate(gen);
        CompletableFuture<Void> done = new CompletableFuture<>();
        running = done;
        thread = new Thread(() -> compact(gen, rotated, done), "kv-journal-compact");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private void compact(long gen, CompletableFuture<Void> rotated, CompletableFuture<Void> done) {
        Throwable failure = null;
        try {
            // Every change after the rotation is in the new journal, so the snapshot may be taken at any moment
            // from now on: a change it races with is in both, and replaying it twice gives the same state.
            rotated.join();
            long bytes = SnapshotWriter.write(dir, gen, source, () -> closed);
            snapshotBytes = bytes;
            removeBefore(gen);
            compactions++;
            LOG.info("KV journal compacted: snapshot-{}.snap, {} bytes", gen, bytes);
        } catch (CompletionException e) {
            failure = e.getCause();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        if (failure != null && closed) {
            LOG.debug("compaction stopped by close", failure);
        } else if (failure != null) {
            LOG.error("KV journal compaction failed; the older files stay and the journal keeps growing", failure);
        }
        synchronized (this) {
            running = null;
            thread = null;
        }
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    /** Deletes what the snapshot of {@code gen} replaces: older snapshots and journals. */
    private void removeBefore(long gen) throws IOException {
        JournalFiles.Listing l = JournalFiles.list(dir);
        for (Path p : l.snapshots().headMap(gen, false).values()) {
            Files.deleteIfExists(p);
        }
        for (Path p : l.journals().headMap(gen, false).values()) {
            Files.deleteIfExists(p);
        }
        JournalFiles.forceDirectory(dir);
    }

    /** Stops a snapshot under way at its next session (its .tmp goes; the files it was to replace stay). */
    void close() {
        CompletableFuture<Void> r;
        synchronized (this) {
            closed = true;
            r = running;
            if (r == null || thread == Thread.currentThread()) {
                return;
            }
        }
        // CompletableFuture.join does not give up on an interrupt: close returns only once the files are settled.
        r.handle((ok, e) -> null).join();
    }
}
