package dev.courier.kv.store.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code courier kv check}: reads a journal directory without changing it and reports what each file holds and
 * what is wrong; its repair keeps what can be read, moves the old files aside (nothing is deleted) and starts a
 * fresh snapshot and journal from what was recovered. Both refuse while a server holds the directory.
 */
public final class JournalCheck {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private JournalCheck() {
    }

    /**
     * What a check or repair found.
     *
     * @param dir the journal directory
     * @param files one line per file read: records, sessions, keys, bytes, torn tail, damage
     * @param damage what is damaged or missing (empty when healthy), each with its file and offset
     * @param notes what a start would fix by itself (torn tail, leftovers) and other remarks
     * @param sessions sessions a start would restore (after a repair: that the fresh snapshot holds)
     * @param keys keys those sessions hold
     * @param repaired whether a repair rewrote the directory
     * @param movedTo where a repair moved the old files, or null
     */
    public record Report(Path dir, List<String> files, List<String> damage, List<String> notes, long sessions,
            long keys, boolean repaired, Path movedTo) {
        /** Whether a server would start from the directory as it was found. */
        public boolean healthy() {
            return damage.isEmpty();
        }

        /** A human-readable summary, several lines. */
        public String summary() {
            StringBuilder s = new StringBuilder("KV journal ").append(dir).append('\n');
            files.forEach(f -> s.append("  ").append(f).append('\n'));
            notes.forEach(n -> s.append("  note: ").append(n).append('\n'));
            damage.forEach(d -> s.append("  damage: ").append(d).append('\n'));
            if (repaired) {
                s.append("repaired: ").append(sessions).append(" sessions, ").append(keys).append(" keys kept in a ")
                        .append("fresh snapshot; the old files are in ").append(movedTo).append('\n');
            } else if (healthy()) {
                s.append("healthy: ").append(sessions).append(" sessions, ").append(keys).append(" keys\n");
            } else {
                s.append("DAMAGED: a server will not start from it. A repair would keep ").append(sessions)
                        .append(" sessions, ").append(keys).append(" keys (what can be read), and move the damaged ")
                        .append("files aside\n");
            }
            return s.toString();
        }
    }

    /** Reads {@code dir} and reports; changes nothing. */
    public static Report check(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Report(dir, List.of(), List.of(), List.of("no journal here: nothing to check"), 0, 0, false,
                    null);
        }
        try (DirectoryLock lock = DirectoryLock.acquireIfPresent(dir)) {
            Inspection in = Inspection.of(dir, false);
            return report(dir, in, false, null);
        }
    }

    /** Repairs {@code dir} if it is damaged, moving the old files into {@code damaged-<UTC time>/}. */
    public static Report repair(Path dir) throws IOException {
        return repair(dir, Clock.systemUTC());
    }

    /** As {@link #repair(Path)}, naming the directory of old files by {@code clock}. */
    public static Report repair(Path dir, Clock clock) throws IOException {
        if (!Files.isDirectory(dir)) {
            return check(dir);
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            Inspection in = Inspection.of(dir, true);
            if (in.damage().isEmpty()) {
                in.notes().add("nothing to repair");
                return report(dir, in, false, null);
            }
            long gen = in.listing().newestGeneration() + 1;
            // The fresh snapshot first: should the repair stop half-way, a second one starts from it.
            SnapshotWriter.write(dir, gen, in.state(), () -> false);
            JournalFiles.openJournal(dir, gen).close();
            Path aside = asideDir(dir, clock);
            moveAside(in.listing(), aside);
            JournalFiles.forceDirectory(aside);
            JournalFiles.forceDirectory(dir);
            return report(dir, in, true, aside);
        }
    }

    private static Report report(Path dir, Inspection in, boolean repaired, Path movedTo) {
        return new Report(dir, List.copyOf(in.files()), List.copyOf(in.damage()), List.copyOf(in.notes()),
                in.state().sessions(), in.state().keys(), repaired, movedTo);
    }

    private static Path asideDir(Path dir, Clock clock) throws IOException {
        String base = "damaged-" + STAMP.format(clock.instant());
        Path aside = dir.resolve(base);
        for (int n = 2; Files.exists(aside); n++) {
            aside = dir.resolve(base + "-" + n);
        }
        JournalFiles.createDirectory(aside);
        return aside;
    }

    /** Moves every file the listing found (the fresh ones came after it) into {@code aside}. */
    private static void moveAside(JournalFiles.Listing l, Path aside) throws IOException {
        List<Path> all = new ArrayList<>(l.snapshots().values());
        all.addAll(l.journals().values());
        all.addAll(l.tmps());
        for (Path p : all) {
            Files.move(p, aside.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
