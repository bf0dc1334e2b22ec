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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The folder trees being received: which root each {@code TREE} was placed at, and which of its announced files
 * have arrived (path and SHA-256). The same sender announcing the same tree again (same root, file count and bytes)
 * while the first is incomplete and within the resume window gets the same placed root, so a cut tree continues
 * where it was instead of landing a second time; a file arriving again with the same path and SHA-256 (its
 * {@code ACK} was lost to the cut) is acknowledged without a second copy. Held in memory, bounded by
 * {@link #MAX_REMEMBERED} trees and {@link #MAX_PATH_BYTES} of remembered paths: after a restart a cut tree starts
 * in a new root. A tree forgotten while its connection still sends goes on counting its files, without remembering
 * their paths.
 */
final class Trees {
    /** Trees remembered at most (the oldest is forgotten first). */
    static final int MAX_REMEMBERED = 10_000;
    /**
     * Memory the remembered paths of delivered files may take, over all trees, estimated per path as its characters
     * and SHA-256 hex (two bytes each) and {@link #ENTRY_BYTES} (the oldest trees are forgotten first). A path is up
     * to 2 KiB: counting paths instead would let a million long ones take gigabytes.
     */
    static final long MAX_PATH_BYTES = 64L << 20;
    /** What one remembered path costs besides its characters: the map entry and the two strings' headers. */
    static final int ENTRY_BYTES = 96;

    /** One announced tree. */
    static final class Tree {
        final String sender;
        final String root;
        final long files;
        final long bytes;
        final String placed;
        /** The files delivered so far, while the tree is remembered: path to SHA-256 hex. */
        final Map<String, String> delivered = new HashMap<>();
        /** The files counted so far (delivered or being placed), remembered or not. */
        long counted;
        /** The estimated memory of {@link #delivered}. */
        long held;
        /** Whether {@link Trees} still holds it; once forgotten its paths are no longer remembered. */
        boolean remembered = true;
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
    /** The estimated memory of every remembered tree's paths. */
    private long held;

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
            trim();
        }
        return t;
    }

    /** Forgets the oldest trees past {@link #MAX_REMEMBERED} trees or {@link #MAX_PATH_BYTES} of paths. */
    private void trim() {
        Iterator<Tree> it = trees.values().iterator();
        while (it.hasNext() && (trees.size() > MAX_REMEMBERED || held > MAX_PATH_BYTES)) {
            forget(it.next());
            it.remove();
        }
    }

    /** Drops {@code t}'s paths (the caller removes it from the map). */
    private void forget(Tree t) {
        held -= t.held;
        t.held = 0;
        t.delivered.clear();
        t.remembered = false;
    }

    private static long cost(String path) {
        return 2L * (path.length() + 64) + ENTRY_BYTES;
    }

    /** The estimated memory the remembered paths take now. */
    synchronized long held() {
        return held;
    }

    /**
     * Counts the file {@code path} of {@code t} about to be placed; false when the same file (same path and
     * SHA-256) is in place already. Refuses past the announced count.
     */
    synchronized boolean count(Tree t, String path, String sha256Hex) throws StoreRefusal {
        if (sha256Hex.equals(t.delivered.get(path))) {
            return false;
        }
        if (t.counted >= t.files) {
            throw new StoreRefusal("more files than the TREE announced (" + t.files + ")");
        }
        t.counted++;
        t.touched = clock.instant();
        if (t.counted == t.files) {
            // Complete: nothing left to resume, so nothing to remember.
            if (t.remembered) {
                forget(t);
                trees.values().remove(t);
            }
        } else if (t.remembered) {
            t.delivered.put(path, sha256Hex);
            long c = cost(path);
            t.held += c;
            held += c;
            trim();
        }
        return true;
    }

    /** Gives back a count taken for a file that was not placed after all. */
    synchronized void uncount(Tree t, String path) {
        t.counted--;
        if (t.remembered && t.delivered.remove(path) != null) {
            long c = cost(path);
            t.held -= c;
            held -= c;
        }
    }

    private void expire() {
        Instant oldest = clock.instant().minus(window);
        Iterator<Tree> it = trees.values().iterator();
        while (it.hasNext()) {
            Tree t = it.next();
            if (t.touched.isBefore(oldest)) {
                forget(t);
                it.remove();
            }
        }
    }
}
