package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Serve's flags for how KV keeps its sessions: the persistence mode and the journal's limits. */
final class KvStorageOptions {
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
        try {
            JournalSettings d = JournalSettings.defaults();
            return new KvStorage(kvPersistence, KvStorage.dirUnder(dataDir),
                    new JournalSettings(d.syncInterval(), compactMin, compactPercent, buffer));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad KV journal settings: " + e.getMessage());
        }
    }
}
