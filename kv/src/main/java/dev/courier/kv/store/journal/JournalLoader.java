package dev.courier.kv.store.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a journal: replays the newest snapshot and the journals after it, drops a torn tail of the newest
 * journal (truncating it), removes leftovers ({@code *.tmp}, files older than the snapshot), and refuses anything
 * damaged or missing with a {@link JournalDamagedException} that says how to repair it.
 */
final class JournalLoader {
    private static final Logger LOG = LoggerFactory.getLogger(JournalLoader.class);

    /** What the start found: where to append, and the sizes compaction weighs. */
    record Loaded(long generation, long snapshotBytes, long records) {
    }

    private JournalLoader() {
    }

    /** Loads {@code dir} (locked by the caller) into {@code replay}. */
    static Loaded load(Path dir, Replay replay) throws IOException {
        JournalFiles.Listing l = JournalFiles.list(dir);
        for (Path tmp : l.tmps()) {
            // A snapshot (or repair) that did not finish: the files it was to replace are all still there.
            LOG.info("removing {}, left by a compaction that did not finish", tmp);
            Files.deleteIfExists(tmp);
        }
        ChainPlan plan = ChainPlan.of(l);
        if (!plan.missing().isEmpty()) {
            throw damaged(dir, "cannot start from " + dir + ": " + String.join("; ", plan.missing()));
        }
        KnownSessions sink = new KnownSessions(replay);
        long records = 0;
        long snapshotBytes = 0;
        if (plan.base() >= 0) {
            Path snap = l.snapshots().get(plan.base());
            FileScan s = scan(snap, JournalReader.Kind.SNAPSHOT, plan.base(), sink);
            refuseDamage(dir, snap, s);
            records += s.records();
            snapshotBytes = s.size();
        }
        List<Long> journals = plan.journals();
        for (int i = 0; i < journals.size(); i++) {
            long gen = journals.get(i);
            Path file = l.journals().get(gen);
            boolean newest = i == journals.size() - 1;
            FileScan s = scan(file, newest ? JournalReader.Kind.NEWEST_JOURNAL : JournalReader.Kind.JOURNAL, gen, sink);
            refuseDamage(dir, file, s);
            records += s.records();
            if (s.torn() != null) {
                LOG.warn("{}: dropping a torn last record at offset {} ({}; {} bytes), written when the server stopped "
                        + "without closing the journal", file, s.validEnd(), s.torn(), s.size() - s.validEnd());
                truncate(file, s.validEnd());
            }
        }
        if (sink.unexplainedOrphans() > 0) {
            LOG.warn("{}: dropped {} records of sessions the journal never created", dir, sink.unexplainedOrphans());
        }
        removeStale(dir, plan, l);
        return new Loaded(plan.liveGeneration(), snapshotBytes, records);
    }

    static FileScan scan(Path file, JournalReader.Kind kind, long gen, KnownSessions sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return JournalReader.read(ch, file.getFileName().toString(), kind, gen, sink);
        }
    }

    private static void refuseDamage(Path dir, Path file, FileScan s) throws JournalDamagedException {
        if (s.damage() != null) {
            throw damaged(dir, file + " is damaged at offset " + s.validEnd() + ": " + s.damage());
        }
    }

    /** The refusal, with the way out. */
    static JournalDamagedException damaged(Path dir, String what) {
        Path dataDir = JournalFiles.dataDirOf(dir);
        return new JournalDamagedException(what + ". Nothing was loaded: run 'courier kv check --data-dir " + dataDir
                + "' to see what is wrong, and 'courier kv check --data-dir " + dataDir + " --repair' to keep what "
                + "can be read and move the damaged files aside");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    /** Files older than the base snapshot: what a compaction that stopped before deleting them left. */
    private static void removeStale(Path dir, ChainPlan plan, JournalFiles.Listing l) throws IOException {
        if (plan.stale().isEmpty()) {
            return;
        }
        for (String name : plan.stale()) {
            LOG.info("removing {}: snapshot-{}.snap holds what it held", dir.resolve(name), plan.base());
            Files.deleteIfExists(dir.resolve(name));
        }
        JournalFiles.forceDirectory(dir);
    }
}
