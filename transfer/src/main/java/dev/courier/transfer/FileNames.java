package dev.courier.transfer;

import dev.courier.transfer.store.TempFiles;
import java.util.List;
import java.util.Optional;

/** The rules for the name a file travels under: a base name only, so it can never leave the target directory. */
public final class FileNames {
    private FileNames() {
    }

    /**
     * Why {@code name} may not be used, or empty if it may: it must not be empty, {@code .}, or hold {@code /},
     * {@code \}, {@code ..}, NUL or another control character, nor be in the pattern of the receiver's temporary
     * files ({@code .courier-*.part}), which a receiver deletes when it starts.
     */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty file name");
        }
        if (name.equals(".") || name.contains("..")) {
            return Optional.of("file name holds '..' or is '.'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("file name holds a path separator");
            }
            if (c < 0x20 || c == 0x7F) {
                return Optional.of("file name holds a control character");
            }
        }
        if (TempFiles.isTemp(name)) {
            return Optional.of("file name is in the receiver's temporary-file pattern (" + TempFiles.PREFIX + "*"
                    + TempFiles.SUFFIX + ")");
        }
        return Optional.empty();
    }

    /**
     * The segments of a path inside a folder tree ({@code root/sub/file.txt}, {@code /} the only separator), or a
     * problem: at least two segments (a root and a file), each one a name {@link #problem} accepts (so no empty
     * segment from {@code a//b} or a leading {@code /}, no {@code ..}, no {@code \}, no control character), and at
     * most {@code maxDepth} separators.
     */
    public static Optional<String> pathProblem(String path, int maxDepth) {
        if (path == null || path.isEmpty()) {
            return Optional.of("empty file name");
        }
        List<String> segments = segments(path);
        if (segments.size() < 2) {
            return Optional.of("a path in a folder needs a root and a name");
        }
        if (segments.size() - 1 > maxDepth) {
            return Optional.of("path deeper than " + maxDepth + " folders");
        }
        for (String s : segments) {
            Optional<String> p = problem(s);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** {@code path} split at every {@code /}, empty segments kept (so that a check can refuse them). */
    public static List<String> segments(String path) {
        return List.of(path.split("/", -1));
    }

    /** Throws {@link IllegalArgumentException} when {@link #problem} finds one. */
    public static String check(String name) {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return name;
    }

    /** The {@code k}-th other name for a taken one: {@code report (1).pdf}, {@code README (2)}, {@code .rc (1)}. */
    public static String numbered(String name, int k) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name + " (" + k + ")";
        }
        return name.substring(0, dot) + " (" + k + ")" + name.substring(dot);
    }
}
