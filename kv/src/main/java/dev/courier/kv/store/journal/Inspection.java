package dev.courier.kv.store.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code kv check} found in a journal directory, read leniently: every file of the chain a start would read
 * (a missing one noted as damage, and the next ones read all the same), each up to its damage, and the state those
 * records make.
 *
 * @param listing the files found
 * @param state the sessions recovered
 * @param files one summary per file read
 * @param damage what is damaged or missing
 * @param notes what a start fixes by itself, and remarks
 */
record Inspection(JournalFiles.Listing listing, RecoveredState state, List<String> files, List<String> damage,
        List<String> notes) {
    /** Reads {@code dir}, changing nothing; keeps values only if {@code keepValues} (for a repair). */
    static Inspection of(Path dir, boolean keepValues) throws IOException {
        JournalFiles.Listing l = JournalFiles.list(dir);
        ChainPlan plan = ChainPlan.of(l);
        Inspection in = new Inspection(l, new RecoveredState(keepValues), new ArrayList<>(),
                new ArrayList<>(plan.missing()), new ArrayList<>());
        KnownSessions sink = new KnownSessions(in.state());
        for (Path tmp : l.tmps()) {
            in.notes().add(tmp.getFileName() + ": left by a snapshot that did not finish; a start removes it");
        }
        for (String stale : plan.stale()) {
            in.notes().add(stale + ": older than the newest snapshot; a start removes it");
        }
        if (plan.base() >= 0) {
            in.read(l.snapshots().get(plan.base()), JournalReader.Kind.SNAPSHOT, plan.base(), sink);
        }
        List<Long> journals = plan.journals();
        for (int i = 0; i < journals.size(); i++) {
            JournalReader.Kind kind = i == journals.size() - 1 ? JournalReader.Kind.NEWEST_JOURNAL
                    : JournalReader.Kind.JOURNAL;
            in.read(l.journals().get(journals.get(i)), kind, journals.get(i), sink);
        }
        if (sink.unexplainedOrphans() > 0) {
            in.damage().add(sink.unexplainedOrphans() + " PUT/DELETED records of sessions never created (their "
                    + "CREATED record is lost): dropped");
        }
        if (sink.explainedOrphans() > 0) {
            in.notes().add(sink.explainedOrphans() + " records of sessions erased later, dropped at start (a "
                    + "compaction raced with the erase: expected)");
        }
        if (in.files().isEmpty() && in.damage().isEmpty()) {
            in.notes().add("no journal files: a server starts empty");
        }
        return in;
    }

    /** Reads one file into the state, noting what it holds and what is wrong with it. */
    private void read(Path file, JournalReader.Kind kind, long gen, KnownSessions sink) throws IOException {
        FileScan s = JournalLoader.scan(file, kind, gen, sink);
        files.add(s.summary());
        if (s.damage() != null) {
            damage.add(s.file() + " at offset " + s.validEnd() + ": " + s.damage() + " (" + (s.size() - s.validEnd())
                    + " bytes from there cannot be read; the " + s.records() + " records before it can)");
        }
        if (s.torn() != null) {
            notes.add(s.file() + ": a torn last record at offset " + s.validEnd() + " (" + s.torn()
                    + "): a start drops it");
        }
    }
}
