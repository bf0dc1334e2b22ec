package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** STUB until the journal lands. */
public final class Journal implements ChangeLog, AutoCloseable {
    /** Stub. */
    public static Journal open(Path dir, Persistence mode, JournalSettings settings, Replay replay,
                               SnapshotSource source) throws IOException {
        return new Journal();
    }

    /** Stub. */
    public CompletableFuture<Void> whenDurable(long position) {
        return CompletableFuture.completedFuture(null);
    }

    /** Stub. */
    public boolean failed() {
        return false;
    }

    @Override
    public void created(String id, SaltedDigest credential, String creator) {
    }

    @Override
    public void put(String id, String key, byte[] value) {
    }

    @Override
    public void deleted(String id, String key) {
    }

    @Override
    public void erased(String id) {
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public void close() {
    }
}
