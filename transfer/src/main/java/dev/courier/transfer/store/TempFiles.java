package dev.courier.transfer.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary files bodies are streamed to, beside their destination: {@code .courier-<random>.part}. */
public final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Start of every temporary file's name. */
    public static final String PREFIX = ".courier-";
    /** End of every temporary file's name. */
    public static final String SUFFIX = ".part";

    private TempFiles() {
    }

    /** Creates a new empty temporary file in {@code dir} (with the process's default permissions). */
    public static Path create(Path dir) throws IOException {
        byte[] r = new byte[12];
        RANDOM.nextBytes(r);
        return Files.createFile(dir.resolve(PREFIX + HexFormat.of().formatHex(r) + SUFFIX));
    }

    /**
     * Whether {@code name} is in the pattern of our temporary files ({@code .courier-*.part}). Senders may not use
     * such names (see {@code FileNames}), so that a start-up sweep never deletes a delivered file.
     */
    public static boolean isTemp(String name) {
        return name.length() >= PREFIX.length() + SUFFIX.length() && name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    /** What a start-up sweep removed. */
    public record Sweep(int files, long bytes) {
    }

    /**
     * Deletes every regular file in {@code dir} (not below it) in the temporary files' pattern: bodies of messages
     * a crash cut off, which nothing else would ever remove. Run at start, before any connection is accepted.
     */
    public static Sweep removeLeftovers(Path dir) throws IOException {
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> isTemp(String.valueOf(p.getFileName())))) {
            for (Path p : s) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long size = Files.size(p);
                try {
                    Files.delete(p);
                    files++;
                    bytes += size;
                } catch (IOException e) {
                    LOG.warn("cannot delete leftover temporary file {}: {}", p, e.toString());
                }
            }
        }
        return new Sweep(files, bytes);
    }

    /** Deletes a file, logging rather than failing. */
    public static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete temporary file {}: {}", p, e.toString());
        }
    }

    /** An I/O failure as a refusal the sender may read, when it has a reason worth telling. */
    public static IOException explain(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("Disk quota exceeded")) {
            return new StoreRefusal("disk full");
        }
        return e;
    }
}
