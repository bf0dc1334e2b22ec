package dev.courier.transfer.store;

import java.io.IOException;
import java.nio.file.Files;
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

    /** Whether {@code name} is one of ours. */
    public static boolean isTemp(String name) {
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
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
