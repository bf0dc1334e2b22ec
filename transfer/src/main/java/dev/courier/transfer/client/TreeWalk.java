package dev.courier.transfer.client;

import dev.courier.transfer.FileNames;
import dev.courier.transfer.protocol.Trailer;
import dev.courier.transfer.protocol.TransferProtocol;
import dev.courier.transfer.store.FilePlacer;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The files of a folder a sender sends as a tree: regular files only, found without following symbolic links (a
 * link is skipped with a note), each with its path below the folder ({@code /} separated), in a stable order.
 *
 * @param dir   the folder
 * @param root  the folder's own name, which the receiver places the tree under
 * @param files the regular files, sorted by path
 * @param bytes their sizes added up
 */
public record TreeWalk(Path dir, String root, List<Entry> files, long bytes) {
    /** One file of the tree: where it is, its path below the root ({@code a/b.txt}), its size when walked. */
    public record Entry(Path file, String path, long size) {
    }

    /**
     * Walks {@code dir}; {@code notes} hears of every link or special file skipped.
     *
     * @throws IllegalArgumentException when a name in the tree breaks the receiver's name rules (it would be
     *                                  refused there)
     */
    public static TreeWalk walk(Path dir, Consumer<String> notes) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        Path name = base.getFileName();
        if (name == null || !Files.isDirectory(base)) {
            throw new IllegalArgumentException("not a folder: " + dir);
        }
        String root = name.toString();
        FileNames.problem(root).ifPresent(p -> {
            throw new IllegalArgumentException("cannot send " + dir + ": " + p);
        });
        List<Entry> files = new ArrayList<>();
        // No FOLLOW_LINKS: a link is visited as itself, and never entered.
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                String rel = relative(base, file);
                if (a.isSymbolicLink()) {
                    notes.accept("skipped " + rel + ": a symbolic link (not followed)");
                } else if (!a.isRegularFile()) {
                    notes.accept("skipped " + rel + ": not a regular file");
                } else {
                    for (String segment : FileNames.segments(rel)) {
                        Optional<String> p = FileNames.problem(segment);
                        if (p.isPresent()) {
                            throw new IllegalArgumentException("cannot send " + file + ": " + p.get());
                        }
                    }
                    // The trailer names the file as placed-root/path: it must fit, whatever number the root gets.
                    String longest = root + " (" + FilePlacer.MAX_NUMBERED + ")/" + rel;
                    if (Trailer.encode(new Trailer.File(longest)).length > TransferProtocol.MAX_TRAILER_BYTES) {
                        throw new IllegalArgumentException("cannot send " + file + ": its path is longer than a "
                                + "trailer allows (" + TransferProtocol.MAX_TRAILER_BYTES + " bytes once %XX-encoded)");
                    }
                    files.add(new Entry(file, rel, a.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
        files.sort(Comparator.comparing(Entry::path));
        long bytes = files.stream().mapToLong(Entry::size).sum();
        return new TreeWalk(base, root, List.copyOf(files), bytes);
    }

    private static String relative(Path base, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path p : base.relativize(file)) {
            parts.add(p.toString());
        }
        return String.join("/", parts);
    }
}
