package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal: appends changes, makes them durable per {@link Persistence}, compacts in the background. Redis's
 * AOF and RDB in one: every change is a record appended to {@code journal-<gen>.log}; when the journal outgrows
 * the last snapshot, appends move to the next generation's journal and a background thread writes the store's
 * state as {@code snapshot-<gen>.snap}, after which the older files go. A start replays the snapshot and the
 * journals after it.
 *
 * <p>Thread-safe. An append copies its record into a buffer and returns; it waits only when the writer is
 * {@link JournalSettings#maxBufferBytes()} behind (a disk slower than the changes), which bounds the memory the
 * journal holds. Futures from {@link #whenDurable} complete on the thread that synced: the {@code kv-journal} thread
 * or a caller of {@link #commit()}. Keep callbacks short, or hand them to an executor.
 */
public final class Journal implements ChangeLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final JournalSettings settings;
    private final DirectoryLock lock;
    private final JournalWriter writer;
    /**
     * How many compaction thresholds the journal may grow while a compaction runs before writers wait for it
     * ({@link #room()}): the files then stay within about this many thresholds plus the snapshot.
     */
    public static final int BACKLOG_FACTOR = 4;
    private static final CompletableFuture<Void> ROOM = CompletableFuture.completedFuture(null);
    private final Compactor compactor;
    /** Guarded by this. */
    private boolean closed;

    private Journal(Path dir, JournalSettings settings, SnapshotSource source, DirectoryLock lock,
            JournalWriter writer, long snapshotBytes) {
        this.dir = dir;
        this.settings = settings;
        this.lock = lock;
        this.writer = writer;
        this.compactor = new Compactor(dir, writer, source, snapshotBytes);
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
        if (journalBytes > settings.compactThreshold(compactor.snapshotBytes()) && compactor.idle()) {
            LOG.info("KV journal reached {} bytes: compacting", journalBytes);
            compactor.start();
        }
    }

    /**
     * Completes at once, unless a compaction is under way and the journal has grown past
     * {@link #BACKLOG_FACTOR} times its compaction threshold since it began: then when that compaction ends. Writers
     * wait on it before they acknowledge, so a client rewriting faster than the disk can be compacted (or than a
     * starved compaction thread runs) is slowed to the compaction's pace instead of filling the disk.
     */
    public CompletableFuture<Void> room() {
        CompletableFuture<Void> running = compactor.running();
        if (running == null
                || writer.journalBytes() <= BACKLOG_FACTOR * settings.compactThreshold(compactor.snapshotBytes())) {
            return ROOM;
        }
        // A failed compaction is logged by the compactor; writers go on rather than wait for ever.
        return running.handle((v, e) -> null);
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

    /**
     * In ALWAYS mode, writes and fsyncs everything appended so far on this thread, completing the
     * {@link #whenDurable} futures it covers (a no-op in the other modes): the group commit, called by an event loop once per pass over its connections (one fsync for all
     * of them, like Redis before it sleeps). Without it, the writer thread syncs within a millisecond.
     */
    public void commit() {
        writer.commit();
    }

    /** What the journal has done since it was opened. */
    public JournalStats stats() {
        return new JournalStats(writer.bytesWritten(), writer.syncs(), writer.lastSyncNanos(),
                compactor.compactions(), writer.journalBytes(), compactor.snapshotBytes());
    }

    /**
     * Compacts now: appends move to a new journal, and a snapshot of the store replaces the older files. Returns the
     * compaction under way if there is one; completes when the snapshot is in place.
     */
    public CompletableFuture<Void> compactNow() {
        return compactor.start();
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        compactor.close();
        writer.close();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn("releasing the lock on {}", dir, e);
        }
        LOG.info("KV journal {} closed", dir);
    }
}
