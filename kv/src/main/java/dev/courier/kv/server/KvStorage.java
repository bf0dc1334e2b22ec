package dev.courier.kv.server;

import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import dev.courier.kv.store.redis.RedisStoreConfig;
import java.nio.file.Path;

/**
 * Where and how the KV server keeps its sessions.
 *
 * @param persistence how much a crash may lose ({@code OFF}: memory only, nothing read or written)
 * @param dir         the directory of its files ({@code <data-dir>/kv/sessions}); unused when {@code OFF}
 * @param journal     the journal's sync interval, compaction and buffer settings
 * @param redis       sessions in Redis, shared with other nodes, instead of this process's memory and files; null:
 *                    the embedded store
 */
public record KvStorage(Persistence persistence, Path dir, JournalSettings journal, RedisStoreConfig redis) {
    /**
     * Where the session files go under the data directory: beside the accounts file ({@code kv/accounts}), in a
     * directory of their own, so that backing up {@code kv} takes both and a repair never touches the accounts.
     */
    public static final String DIR = "kv/sessions";
    /** Default persistence: every acknowledged write on disk within a second, as Redis's {@code everysec}. */
    public static final Persistence DEFAULT_PERSISTENCE = Persistence.EVERYSEC;

    /** Sessions in memory only. */
    public static KvStorage memoryOnly() {
        return new KvStorage(Persistence.OFF, null, JournalSettings.defaults());
    }

    /** Sessions kept under {@code <dataDir>/kv/sessions} as {@code persistence} says, default journal settings. */
    public static KvStorage under(Path dataDir, Persistence persistence) {
        return new KvStorage(persistence, dirUnder(dataDir), JournalSettings.defaults());
    }

    /** The session files' directory under {@code dataDir}. */
    public static Path dirUnder(Path dataDir) {
        return dataDir.resolve(DIR);
    }

    /** The embedded store, kept as {@code persistence} says. */
    public KvStorage(Persistence persistence, Path dir, JournalSettings journal) {
        this(persistence, dir, journal, null);
    }

    /** Sessions in the Redis {@code redis} names, shared by every node that names it. */
    public static KvStorage redis(RedisStoreConfig redis) {
        return new KvStorage(Persistence.OFF, null, JournalSettings.defaults(), redis);
    }

    /** Whether the sessions are in Redis. */
    public boolean shared() {
        return redis != null;
    }

    public KvStorage {
        if (persistence != Persistence.OFF && dir == null) {
            throw new IllegalArgumentException("persistence " + persistence + " needs a directory");
        }
    }
}
