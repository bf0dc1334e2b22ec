package dev.courier.transfer.server;

import dev.courier.transfer.FileNames;
import dev.courier.transfer.store.StoreRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folder roots one connection's {@code TREE} lines placed (docs/transfer-protocol.md, "TREE"), and the rules a
 * {@code FILE root/...} path of that connection must pass: its root placed here, each segment a good name, the
 * depth within the limit. The map is the event loop's; {@link #place} runs on the connection's disk executor.
 */
final class ConnectionTrees {
    /**
     * Trees one connection may place: each makes a folder and is held until the connection ends, so a peer may
     * not make them without bound ({@code courier send} places one per folder it is given).
     */
    static final int MAX_TREES_PER_CONNECTION = 64;

    private final TransferServerHandler.Shared shared;
    private final Map<String, Trees.Tree> placed = new HashMap<>();

    ConnectionTrees(TransferServerHandler.Shared shared) {
        this.shared = shared;
    }

    /** Why a {@code TREE} of {@code files} under {@code root} is refused before the disk is asked, or empty. */
    Optional<String> refusal(long files, String root) {
        Optional<String> problem = FileNames.problem(root);
        if (problem.isPresent()) {
            return Optional.of("bad file name: " + problem.get());
        }
        int max = shared.extensions().maxTreeFiles();
        if (files > max) {
            return Optional.of("too many files: " + files + " in one tree, the limit is " + max);
        }
        if (placed.size() >= MAX_TREES_PER_CONNECTION) {
            return Optional.of("too many trees on one connection: the limit is " + MAX_TREES_PER_CONNECTION);
        }
        return Optional.empty();
    }

    /** Checks the free disk and places the root (on the disk executor); {@link #add} it on the event loop. */
    Trees.Tree place(String sender, String root, long files, long bytes) throws IOException {
        long free = Files.getFileStore(shared.directory()).getUsableSpace();
        if (bytes > free) {
            throw new StoreRefusal("not enough disk space: " + bytes + " bytes announced, " + free + " free");
        }
        return shared.trees().place(sender, root, files, bytes);
    }

    /** This connection may now send files under {@code t}'s placed root. */
    void add(Trees.Tree t) {
        placed.put(t.placed, t);
    }

    /** Why a {@code root/...} path may not be used on this connection, or empty. */
    Optional<String> pathProblem(String path) {
        if (!placed.containsKey(FileNames.segments(path).get(0))) {
            // Without a TREE it is what it always was: a name holding a separator.
            return Optional.of("file name holds a path separator");
        }
        return FileNames.pathProblem(path, shared.extensions().maxTreeDepth());
    }

    /** The tree a checked path goes into. */
    Trees.Tree of(List<String> segments) {
        return placed.get(segments.get(0));
    }
}
