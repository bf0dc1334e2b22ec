package dev.courier.kv.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's one writer thread ({@code kv-journal}) and the buffers appenders fill. Appenders copy a record into
 * the pending buffer under a short lock; the writer swaps it with its spare (double buffering, so appenders never
 * wait for I/O), writes it, and fsyncs as the {@link Persistence} asks: ALWAYS after every write (what piles up
 * while an fsync runs goes into the next one: group commit), EVERYSEC when a sync interval has passed since the
 * last, OFF only at a rotation and at close. Positions count bytes appended since open, across files.
 *
 * <p>ALWAYS is best driven by {@link #commit()}: a server's event loop calls it once it has handed over every
 * request it read in one pass, and writes and fsyncs on its own thread, as Redis does before it sleeps. One fsync
 * then covers every connection the pass served, and no thread hand-off sits between a write and its answer. The
 * writer thread stays the fallback: what nobody commits is synced {@link #ALWAYS_FALLBACK_NANOS} after it came. Once
 * a caller has committed, appends stop waking the writer (a wake-up per group cost a tenth of the CPU a PUT takes);
 * it then looks every {@link #ALWAYS_WATCHDOG_NANOS} for what nobody committed.
 *
 * <p>Bounded memory: while {@code maxBufferBytes} are waiting to be written, appenders wait (a slow disk slows
 * writers instead of filling the heap); at most that much plus the buffer being written is held.
 */
final class JournalWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int INITIAL_BUFFER = 1 << 16;
    /**
     * EVERYSEC and OFF hand what was appended to the kernel at most this long after the first of it (or at
     * {@link #WRITE_BATCH_BYTES}), rather than waking the writer for every record: a wake-up per PUT cost as much
     * CPU as the PUT itself. A process crash can lose this much more than what the kernel had; the promise (a
     * second, for a crash of the machine) is unchanged.
     */
    static final long WRITE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * ALWAYS: how long the writer thread leaves appended bytes to a {@link #commit()} before it syncs them itself
     * (for callers that never commit; a server's event loop commits within microseconds).
     */
    static final long ALWAYS_FALLBACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** ALWAYS, once commits drive the syncs: how often the writer looks for appends nobody committed. */
    static final long ALWAYS_WATCHDOG_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Pending bytes that wake the writer before {@link #WRITE_DELAY_NANOS} has passed. */
    static final int WRITE_BATCH_BYTES = 256 << 10;

    /** A rotation asked for: bytes appended before {@code at} go to the old file, the rest to {@code gen}'s. */
    private record Rotation(long at, long gen, CompletableFuture<Void> done) {
    }

    /** A growable byte buffer. */
    private static final class Buf {
        byte[] data = new byte[INITIAL_BUFFER];
        int size;

        void add(byte[] r) {
            if (data.length - size < r.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + r.length));
            }
            System.arraycopy(r, 0, data, size, r.length);
            size += r.length;
        }
    }

    private final Path dir;
    private final Persistence mode;
    private final long syncIntervalNanos;
    private final long maxBufferBytes;
    /** Pending bytes that wake the writer at once: {@link #WRITE_BATCH_BYTES}, or half a smaller buffer bound. */
    private final long batchBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Held by whichever thread writes: the writer thread or a committer. Taken before {@link #lock}, never while
     * holding it, and never while waiting for work.
     */
    private final ReentrantLock io = new ReentrantLock();
    /** The writer waits on it for work. */
    private final Condition work = lock.newCondition();
    /** Appenders wait on it for room in the pending buffer. */
    private final Condition room = lock.newCondition();
    private final Thread thread;

    // Guarded by lock.
    private Buf pending = new Buf();
    private Buf spare = new Buf();
    private long written;
    private long synced;
    /** System.nanoTime() of the last fsync: an interval, so the monotonic clock rather than a wall Clock. */
    private long lastSyncAt = System.nanoTime();
    /** System.nanoTime() when the pending buffer last went from empty to not empty. */
    private long pendingSince;
    private CompletableFuture<Void> nextSync = new CompletableFuture<>();
    /** The sync under way (null if none) and the position it makes durable. */
    private CompletableFuture<Void> syncing;
    private long syncingTarget;
    private Rotation rotation;
    private boolean closing;
    /** ALWAYS: a caller has committed, so appends leave the writer asleep. */
    private boolean driven;
    /** Set once, under lock; read without it by {@link #failure()}. */
    private volatile IOException failure;

    // Read without the lock: the first three are written under it, the counters by the writer thread alone.
    private volatile long appended;
    private volatile long generation;
    private volatile long journalBytes;
    private volatile long bytesWritten;
    private volatile long syncs;
    private volatile long lastSyncNanos;

    // Guarded by io.
    private FileChannel ch;

    /** Appends to {@code journal-<gen>.log} in {@code dir} (created, or its incomplete header rewritten). */
    JournalWriter(Path dir, long gen, Persistence mode, JournalSettings settings) throws IOException {
        this.dir = dir;
        this.mode = mode;
        this.syncIntervalNanos = settings.syncInterval().toNanos();
        this.maxBufferBytes = settings.maxBufferBytes();
        this.batchBytes = Math.max(1, Math.min(WRITE_BATCH_BYTES, maxBufferBytes / 2));
        this.generation = gen;
        this.ch = JournalFiles.openJournal(dir, gen);
        this.journalBytes = ch.size();
        this.thread = new Thread(this::run, "kv-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Appends a framed record; returns the live journal's size after it, or -1 (nothing kept) once the journal
     * failed or is closing.
     */
    long append(byte[] record) {
        lock.lock();
        try {
            while (failure == null && !closing && pending.size > 0 && pending.size + record.length > maxBufferBytes) {
                // The buffer is full: the writer must not sit out its delay while appenders wait for room.
                work.signal();
                room.awaitUninterruptibly();
            }
            if (failure != null || closing) {
                return -1;
            }
            pending.add(record);
            appended += record.length;
            journalBytes += record.length;
            if (pending.size == record.length) {
                pendingSince = System.nanoTime();
                if (mode == Persistence.ALWAYS && !driven) {
                    work.signal();
                }
            } else if (pending.size >= batchBytes && pending.size - record.length < batchBytes) {
                work.signal();
            }
            return journalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The position just after the last record appended. */
    long position() {
        return appended;
    }

    /** Completes when everything up to {@code position} is fsynced; one future per sync, shared by its waiters. */
    CompletableFuture<Void> whenDurable(long position) {
        lock.lock();
        try {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (position <= synced) {
                return CompletableFuture.completedFuture(null);
            }
            // A sync under way that covers the position answers it; the next one would wait for more appends.
            return syncing != null && position <= syncingTarget ? syncing : nextSync;
        } finally {
            lock.unlock();
        }
    }

    /**
     * From now on appends go to {@code journal-<gen>.log}; the future completes when that file exists, durably, and
     * everything before it is fsynced in the old one.
     */
    CompletableFuture<Void> rotate(long gen) {
        lock.lock();
        try {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (rotation != null || closing) {
                return CompletableFuture.failedFuture(new IllegalStateException("a rotation is under way or closing"));
            }
            rotation = new Rotation(appended, gen, new CompletableFuture<>());
            generation = gen;
            journalBytes = FileHeader.BYTES;
            work.signal();
            return rotation.done();
        } finally {
            lock.unlock();
        }
    }

    /** The generation appends go to now. */
    long generation() {
        return generation;
    }

    /** Bytes of the live journal, including those still buffered. */
    long journalBytes() {
        return journalBytes;
    }

    /** Why the writer stopped, or null while it works. */
    IOException failure() {
        return failure;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    long syncs() {
        return syncs;
    }

    long lastSyncNanos() {
        return lastSyncNanos;
    }

    /** Whether the caller is the writer thread (a durability callback), which cannot wait for itself. */
    boolean onWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Writes and fsyncs everything appended, then stops the thread and closes the file. */
    void close() {
        lock.lock();
        try {
            closing = true;
            work.signal();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (cycle()) {
                // Each cycle writes what accumulated while the last one ran.
            }
        } finally {
            io.lock();
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("closing the journal", e);
            } finally {
                io.unlock();
            }
        }
    }

    /**
     * Writes and fsyncs everything appended so far, on the caller's thread (group commit: one fsync for all that
     * came since the last). Completes the waiters of {@link #whenDurable} it covers before it returns. Waits while
     * another thread writes. A no-op outside ALWAYS (those modes sync on their own schedule), when nothing is
     * unsynced, or once the journal failed or is closing.
     */
    void commit() {
        if (mode != Persistence.ALWAYS) {
            return;
        }
        lock.lock();
        try {
            driven = true;
            if (failure != null || closing || synced == appended) {
                return;
            }
        } finally {
            lock.unlock();
        }
        Done done;
        io.lock();
        try {
            lock.lock();
            try {
                if (failure != null || closing || synced == appended) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            done = step(true);
        } finally {
            io.unlock();
        }
        done.complete();
    }

    /** What a step finished: completed outside the locks, since callbacks run on the completing thread. */
    private record Done(CompletableFuture<Void> group, Rotation rot, IOException failure) {
        boolean ok() {
            return failure == null;
        }

        void complete() {
            if (rot != null) {
                if (failure == null) {
                    rot.done().complete(null);
                } else {
                    rot.done().completeExceptionally(failure);
                }
            }
            if (group != null) {
                if (failure == null) {
                    group.complete(null);
                } else {
                    group.completeExceptionally(failure);
                }
            }
        }
    }

    /** One write (and maybe fsync) of what is pending; false when the writer is done. */
    private boolean cycle() {
        lock.lock();
        try {
            while (failure == null && !closing && !writeDue() && rotation == null && !syncDue()) {
                awaitWork();
            }
            if (failure != null) {
                return false;
            }
            if (closing && pending.size == 0 && rotation == null && synced == appended) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        Done done;
        io.lock();
        try {
            done = step(false);
        } finally {
            io.unlock();
        }
        done.complete();
        return done.ok();
    }

    /** Under {@link #io}: swaps the buffers, writes what was pending, fsyncs if forced or due. */
    private Done step(boolean forceSync) {
        Buf buf;
        long start;
        long target;
        Rotation rot;
        boolean sync;
        CompletableFuture<Void> group = null;
        lock.lock();
        try {
            buf = pending;
            pending = spare;
            spare = null;
            start = written;
            target = appended;
            rot = rotation;
            sync = forceSync || mode == Persistence.ALWAYS || closing || rot != null || syncDue();
            if (sync) {
                group = nextSync;
                syncingTarget = target;
                this.syncing = group;
                nextSync = new CompletableFuture<>();
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            int split = rot == null ? buf.size : (int) (rot.at() - start);
            write(buf, 0, split);
            if (rot != null) {
                switchTo(rot.gen());
                write(buf, split, buf.size);
            }
            if (sync) {
                long t0 = System.nanoTime();
                ch.force(false);
                lastSyncNanos = System.nanoTime() - t0;
                syncs++;
            }
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e);
            fail(io, buf);
            return new Done(group, rot, io);
        }
        lock.lock();
        try {
            written = target;
            if (sync) {
                synced = target;
                lastSyncAt = System.nanoTime();
                this.syncing = null;
            }
            if (rot != null) {
                rotation = null;
            }
            recycle(buf);
        } finally {
            lock.unlock();
        }
        return new Done(group, rot, null);
    }

    /** Under lock: {@code buf}, emptied, becomes the spare again (shrunk if one burst made it large). */
    private void recycle(Buf buf) {
        buf.size = 0;
        if (buf.data.length > Math.max(INITIAL_BUFFER, maxBufferBytes)) {
            buf.data = new byte[INITIAL_BUFFER];
        }
        spare = buf;
    }

    /** Whether the pending bytes should be written now: at once in ALWAYS, else once batched or delayed enough. */
    private boolean writeDue() {
        return pending.size > 0 && (pending.size >= batchBytes || System.nanoTime() - pendingSince >= writeDelay());
    }

    /** How long appended bytes may wait for a write: for a commit in ALWAYS, for more of them otherwise. */
    private long writeDelay() {
        if (mode != Persistence.ALWAYS) {
            return WRITE_DELAY_NANOS;
        }
        return driven ? ALWAYS_WATCHDOG_NANOS : ALWAYS_FALLBACK_NANOS;
    }

    /** Whether EVERYSEC's interval has passed with written bytes not yet synced. */
    private boolean syncDue() {
        return mode == Persistence.EVERYSEC && written > synced
                && System.nanoTime() - lastSyncAt >= syncIntervalNanos;
    }

    private void awaitWork() {
        try {
            if (pending.size > 0) {
                work.awaitNanos(writeDelay() - (System.nanoTime() - pendingSince));
            } else if (mode == Persistence.EVERYSEC && written > synced) {
                work.awaitNanos(syncIntervalNanos - (System.nanoTime() - lastSyncAt));
            } else {
                work.awaitNanos(driven ? ALWAYS_WATCHDOG_NANOS : TimeUnit.SECONDS.toNanos(1));
            }
        } catch (InterruptedException e) {
            // Nobody interrupts this thread but the JVM at exit; the loop looks at its state again.
        }
    }

    private void write(Buf buf, int from, int to) throws IOException {
        if (to > from) {
            JournalFiles.writeFully(ch, ByteBuffer.wrap(buf.data, from, to - from));
            bytesWritten += to - from;
        }
    }

    /** Ends the old journal (fsynced) and starts the new one (header fsynced, directory entry too). */
    private void switchTo(long gen) throws IOException {
        ch.force(false);
        syncs++;
        ch.close();
        ch = JournalFiles.openJournal(dir, gen);
    }

    /** Under io: the journal is broken; refuses appends from now on and fails whoever waits. */
    private void fail(IOException e, Buf buf) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
                LOG.error("the KV journal in {} cannot be written: changes are refused from now on", dir, e);
            }
            nextSync.completeExceptionally(e);
            if (rotation != null && !rotation.done().isDone()) {
                // Asked for after this step began: nobody else will ever end it.
                rotation.done().completeExceptionally(e);
            }
            syncing = null;
            recycle(buf);
            room.signalAll();
            work.signal();
        } finally {
            lock.unlock();
        }
    }
}
