package dev.courier.kv.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short command (redis-cli, kill) to completion and returns its standard output. */
final class Commands {
    private Commands() {
    }

    /**
     * Standard output of {@code command}; throws {@link IllegalStateException} with its standard error when it
     * exits with a status other than 0 or runs longer than {@code timeout} (then it is killed).
     */
    static String run(Duration timeout, List<String> command) {
        Path err = null;
        Process p = null;
        try {
            // A file, not a pipe, for standard error: nothing reads it while the command runs, so a pipe could fill.
            err = Files.createTempFile("courier-redis-cmd", ".err");
            p = new ProcessBuilder(command).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            InputStream out = p.getInputStream();
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(out));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " ran longer than " + timeout + "; stderr: "
                        + Files.readString(err));
            }
            String result = new String(stdout.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + "; stdout: " + result
                        + "; stderr: " + Files.readString(err));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                p.destroyForcibly();
            }
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // A leftover temporary file is harmless.
                }
            }
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
