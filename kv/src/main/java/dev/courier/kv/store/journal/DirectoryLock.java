package dev.courier.kv.store.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a journal directory ({@code <dir>/lock}): two servers appending to one journal, or a repair
 * under a running server, would each destroy what the other writes.
 */
final class DirectoryLock implements Closeable {
    private final FileChannel ch;
    private final FileLock lock;

    private DirectoryLock(FileChannel ch, FileLock lock) {
        this.ch = ch;
        this.lock = lock;
    }

    /** Locks {@code dir}, creating its lock file (0600). */
    static DirectoryLock acquire(Path dir) throws IOException {
        return lock(dir, JournalFiles.openForWrite(dir.resolve(JournalFiles.LOCK)));
    }

    /** Locks {@code dir} only if it has a lock file (a check changes nothing, not even that); null if it has none. */
    static DirectoryLock acquireIfPresent(Path dir) throws IOException {
        Path file = dir.resolve(JournalFiles.LOCK);
        if (!Files.exists(file)) {
            return null;
        }
        return lock(dir, FileChannel.open(file, StandardOpenOption.WRITE));
    }

    private static DirectoryLock lock(Path dir, FileChannel ch) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new JournalException(dir + " is in use by another journal in this process (one journal per "
                    + "directory)");
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new JournalException(dir + " is in use by another process (a running server, or kv check): stop it "
                    + "first");
        }
        return new DirectoryLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            ch.close();
        }
    }
}
