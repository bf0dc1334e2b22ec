package dev.courier.kv.store.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files a start reads: the newest snapshot S (none: an empty base at generation 0), then journals S, S+1, ...
 * up to the newest, which must all be there. Older files are left over from a compaction that ended before it
 * deleted them.
 *
 * @param base the snapshot's generation, or -1 when the base is empty
 * @param start the generation of the first journal to read (S, or 0)
 * @param journals the generations of the journals to read, in order
 * @param missing what is missing, in words (empty when the chain is whole)
 * @param stale files older than the base, not read
 */
record ChainPlan(long base, long start, List<Long> journals, List<String> missing, List<String> stale) {
    /** The plan for the files of {@code l}. */
    static ChainPlan of(JournalFiles.Listing l) {
        long base = l.snapshots().isEmpty() ? -1 : l.snapshots().lastKey();
        long start = Math.max(base, 0);
        List<Long> journals = new ArrayList<>(l.journals().tailMap(start, true).keySet());
        List<String> missing = new ArrayList<>();
        if (journals.isEmpty()) {
            if (base >= 0) {
                missing.add("journal-" + start + ".log is missing (snapshot-" + base + ".snap needs it)");
            }
        } else {
            long first = journals.get(0);
            long last = journals.get(journals.size() - 1);
            if (first > start) {
                missing.add(base < 0
                        ? "snapshot-" + first + ".snap is missing (journals " + first + " to " + last
                                + " start from it, and there is no chain of journals from journal-0.log)"
                        : "journal-" + start + ".log is missing (journals after snapshot-" + base + ".snap begin at "
                                + first + ")");
            }
            for (int i = 1; i < journals.size(); i++) {
                for (long g = journals.get(i - 1) + 1; g < journals.get(i); g++) {
                    missing.add("journal-" + g + ".log is missing (between journal-" + journals.get(i - 1)
                            + ".log and journal-" + journals.get(i) + ".log)");
                }
            }
        }
        List<String> stale = new ArrayList<>();
        for (Path p : l.snapshots().headMap(base, false).values()) {
            stale.add(p.getFileName().toString());
        }
        for (Path p : l.journals().headMap(start, false).values()) {
            stale.add(p.getFileName().toString());
        }
        return new ChainPlan(base, start, journals, missing, stale);
    }

    /** The generation the journal appends to after the start: the newest journal's, or the base's if none. */
    long liveGeneration() {
        return journals.isEmpty() ? start : journals.get(journals.size() - 1);
    }
}
