package dev.courier.transfer.server;

import dev.courier.transfer.store.FilePlacer;
import dev.courier.transfer.store.StoreRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The folder trees being received: which root each {@code TREE} was placed at, and how many of its announced files
 * have arrived. The same sender announcing the same tree again (same root, file count and bytes) while the first
 * is incomplete and within the resume window gets the same placed root, so a cut tree continues where it was
 * instead of landing a second time. Held in memory: after a restart a cut tree starts in a new root.
 */
final class Trees {
    /** Trees remembered at most (the oldest is forgotten first). */
    static final int MAX_REMEMBERED = 10_000;

    /** One announced tree. */
    static final class Tree {
        final String sender;
        final String root;
        final long files;
        final long bytes;
        final String placed;
        long delivered;
        Instant touched;

        Tree(String sender, String root, long files, long bytes, String placed, Instant touched) {
            this.sender = sender;
            this.root = root;
            this.files = files;
            this.bytes = bytes;
            this.placed = placed;
            this.touched = touched;
        }
    }

    private final FilePlacer placer;
    private final Path inbox;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Tree> trees = new LinkedHashMap<>();

    Trees(FilePlacer placer, Path inbox, Duration window, Clock clock) {
        this.placer = placer;
        this.inbox = inbox;
        this.window = window;
        this.clock = clock;
    }

    /** Places a tree (on a disk thread): the same incomplete tree of this sender again, or a new free root. */
    Tree place(String sender, String root, long files, long bytes) throws IOException {
        String key = sender + "\n" + root + "\n" + files + "\n" + bytes;
        synchronized (this) {
            expire();
            Tree t = trees.get(key);
            if (t != null && Files.isDirectory(inbox.resolve(t.placed), LinkOption.NOFOLLOW_LINKS)) {
                t.touched = clock.instant();
                return t;
            }
        }
        String placed = placer.placeRoot(root);
        Tree t = new Tree(sender, root, files, bytes, placed, clock.instant());
        synchronized (this) {
            trees.put(key, t);
            if (trees.size() > MAX_REMEMBERED) {
                Iterator<Tree> it = trees.values().iterator();
                it.next();
                it.remove();
            }
        }
        return t;
    }

    /** Counts one more file of {@code t} about to be placed; refuses past the announced count. */
    synchronized void count(Tree t) throws StoreRefusal {
        if (t.delivered >= t.files) {
            throw new StoreRefusal("more files than the TREE announced (" + t.files + ")");
        }
        t.delivered++;
        t.touched = clock.instant();
        if (t.delivered == t.files) {
            trees.values().remove(t);
        }
    }

    /** Gives back a count taken for a file that was not placed after all. */
    synchronized void uncount(Tree t) {
        t.delivered--;
    }

    private void expire() {
        Instant oldest = clock.instant().minus(window);
        trees.values().removeIf(t -> t.touched.isBefore(oldest));
    }
}
