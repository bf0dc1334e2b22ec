package dev.courier.transfer.store;

import dev.courier.transfer.FileNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Moves a complete, synced temporary file to its name in the target directory, or to a path under a folder root
 * placed there ({@link #placeRoot}), never leaving that directory: folders are created one by one without
 * following symbolic links, and a link found on the way is refused, not followed.
 */
public final class FilePlacer {
    /** Other names tried ({@code name (1).ext} ...) before a taken name is refused. */
    public static final int MAX_NUMBERED = 9999;

    private final Path dir;
    private final boolean overwrite;

    /** A placer into {@code dir}; with {@code overwrite}, an existing file of the name is replaced. */
    public FilePlacer(Path dir, boolean overwrite) {
        this.dir = dir.toAbsolutePath().normalize();
        this.overwrite = overwrite;
    }

    /** Moves {@code tmp} to {@code name} (or the first free numbered form of it) and returns where it went. */
    public Path place(Path tmp, String name) throws IOException {
        if (FileNames.problem(name).isPresent()) {
            throw new StoreRefusal("bad file name: " + FileNames.problem(name).get());
        }
        Path target = inside(name);
        try {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                target = placeFresh(tmp, name);
            }
        } catch (FileSystemException e) {
            throw new StoreRefusal("cannot store a file under that name");
        }
        syncDirectory();
        return target;
    }

    /**
     * Creates a new folder for a tree under {@code root}, or {@code root (1)}, {@code root (2)}, ... when taken, and
     * returns the name it got. {@code root} must pass {@link FileNames#problem}.
     */
    public String placeRoot(String root) throws IOException {
        if (FileNames.problem(root).isPresent()) {
            throw new StoreRefusal("bad file name: " + FileNames.problem(root).get());
        }
        for (int k = 0; k <= MAX_NUMBERED; k++) {
            String name = k == 0 ? root : root + " (" + k + ")";
            try {
                // Atomic "create if absent": two trees of one name never share a folder.
                Files.createDirectory(inside(dir, name));
                syncDirectory(dir);
                return name;
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (FileSystemException e) {
                throw new StoreRefusal("cannot create a folder under that name");
            }
        }
        throw new StoreRefusal("folder name taken, and " + MAX_NUMBERED + " numbered forms of it too");
    }

    /**
     * Moves {@code tmp} to {@code segments} (a placed root, folders, a file name; each already checked by
     * {@link FileNames#pathProblem}) under the target directory, creating the folders between. Every folder on the
     * way must be a real folder: a symbolic link planted there is refused, never followed.
     */
    public Path placeInTree(Path tmp, List<String> segments) throws IOException {
        Path parent = dir;
        for (int i = 0; i < segments.size() - 1; i++) {
            parent = folder(parent, segments.get(i), i > 0);
        }
        String name = segments.get(segments.size() - 1);
        Path target;
        try {
            target = overwrite ? overwrite(tmp, parent, name) : placeFresh(tmp, parent, name);
        } catch (FileSystemException e) {
            throw new StoreRefusal("cannot store a file under that name");
        }
        // Behind the checks above: whatever raced them, the file must sit under the real target directory.
        if (!target.getParent().toRealPath().startsWith(dir.toRealPath())) {
            Files.deleteIfExists(target);
            throw new StoreRefusal("bad file name: outside the target directory");
        }
        syncDirectory(parent);
        return target;
    }

    /** The folder {@code name} in {@code parent}: an existing real folder, or (when {@code create}) a new one. */
    private Path folder(Path parent, String name, boolean create) throws IOException {
        Path p = inside(parent, name);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isDirectory() || a.isSymbolicLink()) {
                    throw new StoreRefusal("cannot store a file under that name: '" + name + "' is not a folder");
                }
                return p;
            } catch (NoSuchFileException e) {
                if (!create) {
                    throw new StoreRefusal("cannot store a file under that name: its folder is gone");
                }
            }
            try {
                Files.createDirectory(p);
                syncDirectory(parent);
                return p;
            } catch (FileAlreadyExistsException e) {
                // Another file of the tree made it first: look again.
            } catch (FileSystemException e) {
                throw new StoreRefusal("cannot create a folder under that name");
            }
        }
        throw new StoreRefusal("cannot create a folder under that name");
    }

    private static Path overwrite(Path tmp, Path parent, String name) throws IOException {
        Path target = inside(parent, name);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private Path placeFresh(Path tmp, String name) throws IOException {
        return placeFresh(tmp, dir, name);
    }

    private static Path placeFresh(Path tmp, Path parent, String name) throws IOException {
        for (int k = 0; k <= MAX_NUMBERED; k++) {
            Path candidate = inside(parent, k == 0 ? name : FileNames.numbered(name, k));
            try {
                // A hard link is an atomic "create if absent": no race with another writer of the same name.
                Files.createLink(candidate, tmp);
                Files.delete(tmp);
                return candidate;
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.move(tmp, candidate);
                return candidate;
            }
        }
        throw new StoreRefusal("file name taken, and " + MAX_NUMBERED + " numbered forms of it too");
    }

    private Path inside(String name) throws StoreRefusal {
        return inside(dir, name);
    }

    private static Path inside(Path parent, String name) throws StoreRefusal {
        Path p = parent.resolve(name).normalize();
        if (!parent.equals(p.getParent())) {
            throw new StoreRefusal("bad file name: outside the target directory");
        }
        return p;
    }

    private void syncDirectory() {
        syncDirectory(dir);
    }

    private static void syncDirectory(Path d0) {
        // Makes the rename itself durable; not every platform can open a directory, which is fine.
        try (FileChannel d = FileChannel.open(d0, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort.
        }
    }
}
