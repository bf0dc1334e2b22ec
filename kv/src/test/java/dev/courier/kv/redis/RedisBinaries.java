package dev.courier.kv.redis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds {@code redis-server} and {@code redis-cli} on the PATH, and says how to install them when absent. */
public final class RedisBinaries {
    /** The programs the harness runs. */
    public static final List<String> PROGRAMS = List.of("redis-server", "redis-cli");

    private RedisBinaries() {
    }

    /** The programs of {@link #PROGRAMS} that no directory of {@code path} (a PATH value) holds as executables. */
    public static List<String> missing(String path) {
        List<String> missing = new ArrayList<>();
        for (String program : PROGRAMS) {
            boolean found = false;
            for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing.add(program);
            }
        }
        return missing;
    }

    /** The message for programs missing from the PATH: tests fail rather than skip, since CI installs them. */
    public static String installHint(List<String> missing) {
        return String.join(" and ", missing) + " not found on the PATH: these tests run real Redis processes;"
                + " install Debian's redis-server package (apt-get install -y redis-server, which brings redis-cli"
                + " with redis-tools), as .ci/run does";
    }

    /** Throws {@link IllegalStateException} with {@link #installHint} when a program is missing from this PATH. */
    public static void require() {
        List<String> missing = missing(System.getenv("PATH"));
        if (!missing.isEmpty()) {
            throw new IllegalStateException(installHint(missing));
        }
    }
}
