package dev.courier.kv.session;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.KvLimits;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionTable;
import dev.courier.kv.store.journal.Journal;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of one process: sessions served from memory ({@link SessionTable}), bound by a
 * {@link SessionRegistry}, made durable by a {@link Journal} as its {@link Persistence} says. In {@code ALWAYS}
 * mode a change completes only once the journal has synced it; otherwise at once.
 */
public final class EmbeddedSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSessionStore.class);
    private static final CompletableFuture<Stored> STORED = CompletableFuture.completedFuture(Stored.STORED);
    private static final CompletableFuture<Boolean> TRUE = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** The embedded store's hold: the session's id and the connection bound to it. */
    private record LocalHold(String id, Object owner) implements Hold {
    }

    private final SessionTable table;
    private final SessionRegistry registry;
    /** Null when nothing is kept on disk. */
    private final Journal journal;
    private final boolean waitForSync;

    private EmbeddedSessionStore(SessionRegistry registry, Journal journal, Persistence persistence) {
        this.table = registry.table();
        this.registry = registry;
        this.journal = journal;
        this.waitForSync = journal != null && persistence == Persistence.ALWAYS;
    }

    /** A store that keeps nothing on disk. */
    public static EmbeddedSessionStore inMemory(SessionRegistry registry) {
        return new EmbeddedSessionStore(registry, null, Persistence.OFF);
    }

    /**
     * A store restored from {@code dir} (created if missing) and kept there as {@code persistence} says; OFF keeps
     * nothing and reads nothing.
     *
     * @throws IOException when the files cannot be read, are damaged, or another process holds them
     */
    public static EmbeddedSessionStore open(SessionRegistry registry, Path dir, Persistence persistence,
                                            JournalSettings settings) throws IOException {
        if (persistence == Persistence.OFF) {
            return inMemory(registry);
        }
        Journal journal = Journal.open(dir, persistence, settings, registry.restorer(), registry.table());
        registry.table().logTo(journal);
        if (registry.table().sessions() > 0) {
            LOG.info("kv: restored {} sessions from {}, detached: each can be resumed with its password hash "
                    + "within the resume window", registry.table().sessions(), dir);
        }
        return new EmbeddedSessionStore(registry, journal, persistence);
    }

    /** A registry over a new table with {@code limits}' caps charging {@code budget} (accounts null: open mode). */
    public static SessionRegistry registry(KvLimits limits, MemoryBudget budget, AccountBook accounts, Clock clock) {
        SessionTable table = new SessionTable(limits.maxSessions(), limits.maxKeysPerSession(),
                limits.maxBytesPerSession(), budget);
        return new SessionRegistry(table, accounts, limits.resumeWindow(), clock, limits.maxSessionsPerAddress(),
                limits.maxMemoryPerAddress().of(budget.limit()));
    }

    private boolean unavailable() {
        return journal != null && journal.failed();
    }

    /**
     * {@code value} once the changes made so far are as durable as the mode promises, and the journal has room
     * ({@link Journal#room()}: not far past its threshold while a compaction runs).
     */
    private <T> CompletableFuture<T> afterSync(CompletableFuture<T> value) {
        if (journal == null) {
            return value;
        }
        CompletableFuture<Void> room = journal.room();
        if (!waitForSync) {
            return room.isDone() ? value : room.thenCompose(x -> value);
        }
        T v = value.join();
        CompletableFuture<Void> durable = journal.whenDurable(journal.position());
        return (room.isDone() ? durable : room.thenCompose(x -> durable)).thenApply(x -> v);
    }

    /** In {@code always} mode, writes and fsyncs what the pass changed: one fsync for all its connections. */
    @Override
    public void flush() {
        if (waitForSync) {
            journal.commit();
        }
    }

    @Override
    public boolean flushes() {
        return waitForSync;
    }

    @Override
    public CompletionStage<Connected> connect(Claim claim) {
        if (unavailable()) {
            return CompletableFuture.completedFuture(Connected.refused(Outcome.UNAVAILABLE));
        }
        Outcome o = claim.hash() == null
                ? registry.connectWithoutPassword(claim.id(), claim.owner(), claim.address())
                : registry.connect(claim.id(), claim.hash(), claim.owner(), claim.address());
        Connected c = o.ok() ? new Connected(o, new LocalHold(claim.id(), claim.owner())) : Connected.refused(o);
        return o == Outcome.CREATED ? afterSync(CompletableFuture.completedFuture(c))
                : CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletionStage<Stored> put(Hold hold, String key, byte[] value) {
        if (unavailable()) {
            return CompletableFuture.completedFuture(Stored.UNAVAILABLE);
        }
        Stored s = table.put(hold.id(), key, value);
        return s == Stored.STORED ? afterSync(STORED) : CompletableFuture.completedFuture(s);
    }

    @Override
    public CompletionStage<byte[]> get(Hold hold, String key) {
        return CompletableFuture.completedFuture(table.get(hold.id(), key));
    }

    @Override
    public CompletionStage<Boolean> delete(Hold hold, String key) {
        if (unavailable()) {
            return CompletableFuture.completedFuture(false);
        }
        table.delete(hold.id(), key);
        return afterSync(TRUE);
    }

    @Override
    public CompletionStage<Void> erase(Hold hold) {
        LocalHold h = (LocalHold) hold;
        registry.erase(h.id(), h.owner());
        return afterSync(DONE);
    }

    @Override
    public void release(Hold hold) {
        LocalHold h = (LocalHold) hold;
        registry.detach(h.id(), h.owner());
    }

    @Override
    public int expire() {
        return registry.expire();
    }

    @Override
    public int sessions() {
        return table.sessions();
    }

    @Override
    public int bound() {
        return registry.bound();
    }

    @Override
    public int detached() {
        return registry.detached();
    }

    @Override
    public MemoryBudget budget() {
        return table.budget();
    }

    /** The registry of bindings (tests and the per-address figures). */
    public SessionRegistry registry() {
        return registry;
    }

    /** The table the data lives in. */
    public SessionTable table() {
        return table;
    }

    /** The journal, or null when nothing is kept on disk. */
    public Journal journal() {
        return journal;
    }

    @Override
    public void close() {
        if (journal != null) {
            journal.close();
        }
    }
}
