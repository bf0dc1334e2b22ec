package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal: appends changes, makes them durable per {@link Persistence}, compacts in the background. Redis's
 * AOF and RDB in one: every change is a record appended to {@code journal-<gen>.log}; when the journal outgrows
 * the last snapshot, appends move to the next generation's journal and a background thread writes the store's
 * state as {@code snapshot-<gen>.snap}, after which the older files go. A start replays the snapshot and the
 * journals after it. Futures from {@link #whenDurable} complete on the {@code kv-journal} thread: keep callbacks
 * short, or hand them to an executor.
 */
public final class Journal implements ChangeLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final JournalSettings settings;
    private final SnapshotSource source;
    private final DirectoryLock lock;
    private final JournalWriter writer;
    private volatile long snapshotBytes;
    private volatile long compactions;
    private volatile boolean closed;
    /** The compaction under way, or null; guarded by this. */
    private CompletableFuture<Void> compaction;
    private Thread compactor;

    private Journal(Path dir, JournalSettings settings, SnapshotSource source, DirectoryLock lock,
            JournalWriter writer, long snapshotBytes) {
        this.dir = dir;
        this.settings = settings;
        this.source = source;
        this.lock = lock;
        this.writer = writer;
        this.snapshotBytes = snapshotBytes;
    }

    /**
     * Opens {@code dir} (created 0700 if missing; files 0600), takes an exclusive lock on it (a second server or
     * {@code kv check} on the same directory gets a clear {@link JournalException}), replays the newest snapshot and
     * the journals after it into {@code replay}, drops a torn last record (logged, the file truncated there), and
     * refuses damaged or missing files with {@link JournalDamagedException}, whose message names the file, the
     * offset and the way out ({@code courier kv check --data-dir <data-dir> --repair}).
     */
    public static Journal open(Path dir, Persistence mode, JournalSettings settings, Replay replay,
            SnapshotSource source) throws IOException {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(replay, "replay");
        JournalFiles.createDirectory(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            JournalLoader.Loaded loaded = JournalLoader.load(dir, replay);
            JournalWriter writer = new JournalWriter(dir, loaded.generation(), mode, settings);
            LOG.info("KV journal {} opened ({}): {} records replayed, appending to journal-{}.log", dir, mode,
                    loaded.records(), loaded.generation());
            return new Journal(dir, settings, source, lock, writer, loaded.snapshotBytes());
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public void created(String id, SaltedDigest credential, String creator) {
        append(new Change.Created(id, credential.salt(), credential.digest(), creator));
    }

    @Override
    public void put(String id, String key, byte[] value) {
        append(new Change.Put(id, key, value));
    }

    @Override
    public void deleted(String id, String key) {
        append(new Change.Deleted(id, key));
    }

    @Override
    public void erased(String id) {
        append(new Change.Erased(id));
    }

    @Override
    public long position() {
        return writer.position();
    }

    private void append(Change c) {
        // Encoded before the append lock is taken, so that lock is held only for a copy.
        long journalBytes = writer.append(RecordCodec.encode(c));
        if (journalBytes > settings.compactThreshold(snapshotBytes) && source != null && !closed) {
            startCompactionIfIdle();
        }
    }

    /**
     * Completes when everything appended up to {@code position} is fsynced: at once if it is, else with the next
     * fsync (one future per group commit, shared by all its waiters). Completes exceptionally if the journal failed.
     */
    public CompletableFuture<Void> whenDurable(long position) {
        return writer.whenDurable(position);
    }

    /** Whether an I/O error (disk full...) stopped the journal: mutations must be refused. */
    public boolean failed() {
        return writer.failure() != null;
    }

    /** What the journal has done since it was opened. */
    public JournalStats stats() {
        return new JournalStats(writer.bytesWritten(), writer.syncs(), writer.lastSyncNanos(), compactions,
                writer.journalBytes(), snapshotBytes);
    }

    /**
     * Compacts now: appends move to a new journal, and a snapshot of the store replaces the older files. Returns the
     * compaction under way if there is one; completes when the snapshot is in place.
     */
    public synchronized CompletableFuture<Void> compactNow() {
        if (compaction != null) {
            return compaction;
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
        compaction = done;
        compactor = new Thread(() -> compact(gen, rotated, done), "kv-journal-compact");
        compactor.setDaemon(true);
        compactor.start();
        return done;
    }

    private void startCompactionIfIdle() {
        synchronized (this) {
            if (compaction != null || closed) {
                return;
            }
        }
        LOG.info("KV journal reached {} bytes: compacting", writer.journalBytes());
        compactNow();
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
        if (failure != null) {
            if (closed) {
                LOG.debug("compaction stopped by close", failure);
            } else {
                LOG.error("KV journal compaction failed; the older files stay and the journal keeps growing", failure);
            }
        }
        synchronized (this) {
            compaction = null;
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

    /**
     * Writes and fsyncs everything appended, stops the threads and releases the lock; idempotent. Not from a
     * {@link #whenDurable} callback (it runs on the writer thread close waits for), nor while holding a session lock
     * the snapshot under way may need.
     */
    @Override
    public void close() {
        if (writer.onWriterThread()) {
            throw new IllegalStateException("a journal cannot be closed from its own durability callback");
        }
        Thread c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = compactor;
        }
        if (c != null && c != Thread.currentThread()) {
            // The snapshot stops at its next session; its .tmp is removed, the files it was to replace stay.
            joinQuietly(c);
        }
        writer.close();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("releasing the lock on {}", dir, e);
        }
        LOG.info("KV journal {} closed", dir);
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
