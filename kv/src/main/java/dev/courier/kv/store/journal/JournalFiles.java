package dev.courier.kv.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a journal directory: {@code journal-<gen>.log}, {@code snapshot-<gen>.snap}, {@code *.tmp} being
 * written, and {@code lock}; owner-only modes; how a journal is opened for appending.
 */
final class JournalFiles {
    static final String LOCK = "lock";
    static final String TMP_SUFFIX = ".tmp";
    private static final Pattern NAME = Pattern.compile("(journal|snapshot)-(\\d{1,18})\\.(log|snap)");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private JournalFiles() {
    }

    /** The files found in a directory, by generation. */
    record Listing(TreeMap<Long, Path> journals, TreeMap<Long, Path> snapshots, List<Path> tmps) {
        /** The highest generation of any journal or snapshot, or -1. */
        long newestGeneration() {
            long j = journals.isEmpty() ? -1 : journals.lastKey();
            long s = snapshots.isEmpty() ? -1 : snapshots.lastKey();
            return Math.max(j, s);
        }
    }

    static Path journal(Path dir, long gen) {
        return dir.resolve("journal-" + gen + ".log");
    }

    static Path snapshot(Path dir, long gen) {
        return dir.resolve("snapshot-" + gen + ".snap");
    }

    static Path tmp(Path file) {
        return file.resolveSibling(file.getFileName() + TMP_SUFFIX);
    }

    /** Lists the journal's files in {@code dir} (other files, such as {@code damaged-*}, are not its). */
    static Listing list(Path dir) throws IOException {
        TreeMap<Long, Path> journals = new TreeMap<>();
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        List<Path> tmps = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                Matcher m = NAME.matcher(name);
                boolean kindMatches = m.matches() && m.group(1).equals("journal") == m.group(3).equals("log");
                if (kindMatches) {
                    (m.group(1).equals("journal") ? journals : snapshots).put(Long.parseLong(m.group(2)), p);
                } else if (name.endsWith(TMP_SUFFIX) && Files.isRegularFile(p)) {
                    tmps.add(p);
                }
            }
        }
        return new Listing(journals, snapshots, tmps);
    }

    /** Creates {@code dir} owner-only (0700) if it is missing, its parents as usual. */
    static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.toAbsolutePath().getParent() != null) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
        }
        if (POSIX) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectory(dir);
        }
    }

    /** Opens {@code file} for writing, created owner-only (0600) if missing: the files hold password digests. */
    static FileChannel openForWrite(Path file, StandardOpenOption... extra) throws IOException {
        Set<StandardOpenOption> opts = new HashSet<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        opts.addAll(List.of(extra));
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        return FileChannel.open(file, opts, attrs);
    }

    /**
     * Opens {@code journal-<gen>.log} for appending, positioned at its end. A new file, or one a crash left without
     * a whole header, gets its header first, fsynced with its directory entry, so a journal that exists is whole.
     */
    static FileChannel openJournal(Path dir, long gen) throws IOException {
        FileChannel c = openForWrite(journal(dir, gen));
        try {
            if (c.size() < FileHeader.BYTES) {
                c.truncate(0);
                writeFully(c, ByteBuffer.wrap(FileHeader.of(FileHeader.JOURNAL_MAGIC, gen)));
                c.force(true);
                forceDirectory(dir);
            }
            c.position(c.size());
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** Makes a rename or a deletion in {@code dir} durable (the entries of a directory are data of their own). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Writes all of {@code b} at the channel's position. */
    static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * The data directory whose {@code kv/sessions} is {@code dir} (the layout {@code courier serve} uses, and the
     * {@code --data-dir} that {@code courier kv check} takes); for another layout, {@code dir}'s parent.
     */
    static Path dataDirOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path kv = abs.getParent();
        if (kv != null && kv.getParent() != null && abs.getFileName().toString().equals("sessions")
                && kv.getFileName().toString().equals("kv")) {
            return kv.getParent();
        }
        return kv == null ? abs : kv;
    }
}
