package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import dev.courier.kv.store.redis.RedisStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Serve's flags for how KV keeps its sessions: embedded (persistence mode, journal limits) or in Redis. */
final class KvStorageOptions {
    @Option(names = "--kv-store", paramLabel = "URI", defaultValue = "embedded",
            description = "Where KV sessions live: embedded (this process, kept on disk as --kv-persistence says), "
                    + "or a Redis/Valkey shared by any number of Courier nodes: redis://[user:password@]host:port[/db], "
                    + "rediss://... (TLS to Redis), redis-cluster://host:port[,host:port...] (rediss-cluster:// "
                    + "with TLS). With Redis, any node serves any session; durability is Redis's (see docs/scale-out.md).")
    String kvStore;

    @Option(names = "--kv-store-prefix", paramLabel = "PREFIX", defaultValue = RedisStoreConfig.DEFAULT_PREFIX,
            description = "What every key Courier writes in Redis starts with (one Redis can serve several programs).")
    String prefix;

    @Option(names = "--kv-lease", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.DurationConverter.class,
            description = "With Redis: how long a session stays bound to a node that stopped renewing it (killed, "
                    + "cut off, paused). After it the session is resumable on any node, and the old node can no longer "
                    + "change it. Renewed every third of it.")
    Duration lease;

    @Option(names = "--kv-store-timeout", paramLabel = "DURATION", defaultValue = "2s",
            converter = Converters.DurationConverter.class,
            description = "With Redis: a command Redis has not answered by then is answered ERROR (PUT: ERROR, "
                    + "CONNECT: ERROR...), never left hanging.")
    Duration timeout;

    @Option(names = "--kv-store-cacert", paramLabel = "FILE",
            description = "With rediss://: PEM certificates that sign Redis's (default: the JDK's trusted authorities).")
    Path cacert;

    @Option(names = "--kv-persistence", paramLabel = "MODE", defaultValue = "everysec",
            converter = PersistenceConverter.class,
            description = "How KV sessions survive a restart or a crash, kept under <data-dir>/kv/sessions: "
                    + "everysec (every acknowledged write on disk within a second; a crash loses at most the last "
                    + "second, a clean stop nothing), always (PUT/DELETE/DISCONNECT answered only once on disk), "
                    + "or off (memory only: a restart erases every session).")
    Persistence kvPersistence;

    @Option(names = "--kv-journal-compact-min", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "64MiB",
            description = "The KV journal is compacted into a snapshot in the background, without stopping service, "
                    + "once it is larger than this and than --kv-journal-compact-percent allows (Redis's "
                    + "auto-aof-rewrite-min-size).")
    long compactMin;

    @Option(names = "--kv-journal-compact-percent", paramLabel = "PCT",
            defaultValue = "" + JournalSettings.DEFAULT_COMPACT_PERCENT,
            description = "Compact once the journal has grown this many percent beyond the last snapshot (Redis's "
                    + "auto-aof-rewrite-percentage).")
    int compactPercent;

    @Option(names = "--kv-journal-buffer", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "8MiB",
            description = "Changes not yet handed to the disk; when a slow disk lets this many bytes pile up, "
                    + "writes wait for it (memory stays bounded).")
    long buffer;

    /** The storage these flags ask for under {@code dataDir}; a usage error when they do not fit. */
    KvStorage storage(Path dataDir) {
        if (!"embedded".equals(kvStore)) {
            try {
                return KvStorage.redis(new RedisStoreConfig(kvStore, prefix, lease, timeout, cacert));
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("bad --kv-store settings: " + e.getMessage());
            }
        }
        try {
            JournalSettings d = JournalSettings.defaults();
            return new KvStorage(kvPersistence, KvStorage.dirUnder(dataDir),
                    new JournalSettings(d.syncInterval(), compactMin, compactPercent, buffer));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad KV journal settings: " + e.getMessage());
        }
    }
}
