package dev.courier.cli;

import dev.courier.core.tls.CertificateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where an interactive shell keeps its history: a private file in the home directory, if one can be written. */
public final class ShellHistory {
    private ShellHistory() {
    }

    /** {@code name} in the user's home directory, or null (history is then kept in memory only). */
    public static Path file(String name) {
        String home = System.getProperty("user.home");
        return home == null ? null : file(Path.of(home), name);
    }

    /** {@code name} in {@code dir}, made owner-only if new, or null if it cannot be written. */
    public static Path file(Path dir, String name) {
        Path f = dir.resolve(name);
        try {
            if (!Files.exists(f)) {
                if (!Files.isWritable(dir)) {
                    return null;
                }
                Files.createFile(f);
                // Values, names and subjects typed in a shell land in its history: keep it private.
                CertificateStore.setOwnerOnly(f);
            }
            return Files.isWritable(f) ? f : null;
        } catch (IOException e) {
            return null;
        }
    }
}
