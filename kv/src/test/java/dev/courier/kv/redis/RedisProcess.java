package dev.courier.kv.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} on a free port of 127.0.0.1, in its own temporary directory, for tests that need
 * Redis's own behaviour (expiry, restarts, stalls). Plain TCP by default, TLS with {@link #tls}.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisProcess.class);
    /** Attempts with a new port: between closing the probe socket and Redis's bind, another process may take it. */
    static final int START_ATTEMPTS = 5;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 20;
    /** Written to the log before each start (the log is kept across restarts), so a failure shows its own lines. */
    private static final String START_MARK = "--- courier test harness: starting redis-server on port ";

    private final Path dir;
    private final List<String> extraArgs;
    private final Path cert;
    private final Path key;
    private final Path log;
    private int port;
    private Process process;
    private boolean paused;

    private RedisProcess(Path dir, Path cert, Path key, List<String> extraArgs) {
        this.dir = dir;
        this.cert = cert;
        this.key = key;
        this.extraArgs = List.copyOf(extraArgs);
        this.log = dir.resolve("redis.log");
    }

    /** Starts a plain TCP server with {@code --save "" --appendonly no}, then {@code extraArgs} (which win). */
    public static RedisProcess start(String... extraArgs) throws IOException {
        return launch(null, null, extraArgs);
    }

    /**
     * Starts a TLS-only server ({@code --port 0 --tls-port P}) with this certificate and key, the certificate also
     * as its CA, and no client certificates asked for.
     */
    public static RedisProcess tls(Path certFile, Path keyFile, String... extraArgs) throws IOException {
        return launch(certFile.toAbsolutePath(), keyFile.toAbsolutePath(), extraArgs);
    }

    private static RedisProcess launch(Path cert, Path key, String... extraArgs) throws IOException {
        RedisBinaries.require();
        RedisProcess redis = new RedisProcess(Files.createTempDirectory("courier-redis"), cert, key,
                Arrays.asList(extraArgs));
        boolean clusterBus = redis.extraArgs.contains("--cluster-enabled");
        String lastFailure = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            redis.port = FreePorts.find(clusterBus);
            try {
                redis.startOnPort();
                return redis;
            } catch (IllegalStateException e) {
                lastFailure = e.getMessage();
                LOG.warn("redis-server attempt {} of {} on port {} failed: {}", attempt, START_ATTEMPTS, redis.port,
                        lastFailure);
            }
        }
        redis.deleteDir();
        throw new IllegalStateException("redis-server did not start in " + START_ATTEMPTS + " attempts; last: "
                + lastFailure);
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--logfile", "", "--daemonize", "no", "--save", "", "--appendonly", "no"));
        if (cert == null) {
            cmd.addAll(List.of("--port", Integer.toString(port)));
        } else {
            cmd.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", cert.toString(),
                    "--tls-key-file", key.toString(), "--tls-ca-cert-file", cert.toString(),
                    "--tls-auth-clients", "no"));
        }
        cmd.addAll(extraArgs);
        return cmd;
    }

    /** Starts on {@link #port} and waits for PING; on failure, kills it and throws with the log's last lines. */
    private void startOnPort() {
        try {
            Files.writeString(log, START_MARK + port + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // --logfile "" sends Redis's log to standard output: one file holds it and any early error on stderr.
            process = new ProcessBuilder(command()).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; log:\n"
                        + logTail());
            }
            if (answersPing()) {
                return;
            }
            sleep(20);
        }
        destroy(true);
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT + "; log:\n" + logTail());
    }

    private boolean answersPing() {
        if (cert == null) {
            return RespPing.answers(port, 500);
        }
        try {
            return cli("ping").trim().equals("PONG");
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The port: the plain one, or the TLS one for a {@link #tls} server. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:P}, or {@code rediss://localhost:P} for TLS (the name the certificate holds). */
    public String uri() {
        return cert == null ? "redis://127.0.0.1:" + port : "rediss://localhost:" + port;
    }

    /** The server's directory: its log ({@code redis.log}) and any file it writes. */
    public Path dir() {
        return dir;
    }

    /** The running server's process id. */
    public long pid() {
        return process.pid();
    }

    /** True while the server process lives (a paused one too). */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** True between {@link #pause} and {@link #resume}. */
    public boolean isPaused() {
        return paused;
    }

    /** SIGTERM, and waits for the exit (Redis's orderly shutdown). */
    public void stop() {
        if (paused) {
            resume(); // a stopped process would hold SIGTERM pending until the stop timeout
        }
        destroy(false);
    }

    /** SIGKILL, and waits for the exit: a crash, nothing saved. */
    public void kill() {
        destroy(true);
    }

    /** SIGSTOP: the server holds its connections and answers nothing until {@link #resume}. */
    public void pause() {
        signal("-STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("-CONT");
        paused = false;
    }

    /** Stops the server if it runs, then starts it again on the same port in the same directory. */
    public void restart() {
        if (isAlive()) {
            stop();
        }
        startOnPort();
    }

    /**
     * Runs {@code redis-cli -p P args...} against this server (with {@code --tls --cacert} for TLS) and returns its
     * standard output, e.g. {@code cli("DBSIZE")}, {@code cli("PTTL", key)}, {@code cli("-c", "SET", k, v)}.
     */
    public String cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli"));
        if (cert == null) {
            cmd.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        } else {
            cmd.addAll(List.of("--tls", "--cacert", cert.toString(), "-h", "localhost", "-p", Integer.toString(port)));
        }
        cmd.addAll(Arrays.asList(args));
        return Commands.run(CLI_TIMEOUT, cmd);
    }

    /** The last lines the latest start logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            int from = 0;
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(START_MARK)) {
                    from = i;
                    break;
                }
            }
            return String.join("\n", lines.subList(Math.max(from, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        if (process != null) {
            destroy(true);
        }
        deleteDir();
    }

    private void signal(String signal) {
        // Java's Process API sends only SIGTERM and SIGKILL; SIGSTOP and SIGCONT go through kill(1).
        Commands.run(STOP_TIMEOUT, List.of("/bin/kill", signal, Long.toString(process.pid())));
    }

    private void destroy(boolean forcibly) {
        if (forcibly) {
            process.destroyForcibly();
            paused = false; // SIGKILL ends a stopped process too
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("redis-server on port {} ignored SIGTERM for {}; killing it", port, STOP_TIMEOUT);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void deleteDir() {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
