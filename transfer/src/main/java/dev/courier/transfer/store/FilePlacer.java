package dev.courier.transfer.store;

import dev.courier.transfer.FileNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Moves a complete, synced temporary file to its name in the target directory, never leaving that directory. */
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

    private Path placeFresh(Path tmp, String name) throws IOException {
        for (int k = 0; k <= MAX_NUMBERED; k++) {
            Path candidate = inside(k == 0 ? name : FileNames.numbered(name, k));
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
        Path p = dir.resolve(name).normalize();
        if (!dir.equals(p.getParent())) {
            throw new StoreRefusal("bad file name: outside the target directory");
        }
        return p;
    }

    private void syncDirectory() {
        // Makes the rename itself durable; not every platform can open a directory, which is fine.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort.
        }
    }
}
