package dev.courier.transfer.server;

import dev.courier.transfer.store.PartialStore;
import java.nio.file.Path;

/**
 * What a receiver does with Courier's extension lines {@code RESUME} and {@code TREE} (see
 * {@code docs/transfer-protocol.md}, "Courier's extensions").
 *
 * @param partialDirectory where cut resumable files are kept (under the data directory, never the inbox), or null
 *                         to keep none: every {@code RESUME} is then answered {@code OK 0}
 * @param partials         how long and how many partials are kept
 * @param maxTreeDepth     folders a path in a tree may go down below its root
 * @param maxTreeFiles     files one {@code TREE} may announce
 */
public record ExtensionSettings(Path partialDirectory, PartialStore.Settings partials, int maxTreeDepth,
                                int maxTreeFiles) {
    /** Default: 32 folders deep. */
    public static final int DEFAULT_MAX_TREE_DEPTH = 32;
    /** Default: 100 000 files in one tree. */
    public static final int DEFAULT_MAX_TREE_FILES = 100_000;

    /** Checks the values are usable. */
    public ExtensionSettings {
        if (partials == null || maxTreeDepth < 1 || maxTreeFiles < 1) {
            throw new IllegalArgumentException("partial settings are required, and the tree limits must be positive");
        }
    }

    /** No partials kept, default tree limits. */
    public static ExtensionSettings defaults() {
        return new ExtensionSettings(null, PartialStore.Settings.defaults(), DEFAULT_MAX_TREE_DEPTH,
                DEFAULT_MAX_TREE_FILES);
    }

    /** A copy keeping partials in {@code dir} (null: none). */
    public ExtensionSettings withPartialDirectory(Path dir) {
        return new ExtensionSettings(dir, partials, maxTreeDepth, maxTreeFiles);
    }

    /** A copy with other partial settings. */
    public ExtensionSettings withPartials(PartialStore.Settings s) {
        return new ExtensionSettings(partialDirectory, s, maxTreeDepth, maxTreeFiles);
    }

    /** A copy with other tree limits. */
    public ExtensionSettings withTreeLimits(int depth, int files) {
        return new ExtensionSettings(partialDirectory, partials, depth, files);
    }
}
