package dev.courier.transfer;

import dev.courier.transfer.store.TempFiles;
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
