package dev.courier.cli.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code courier serve} from the shaded jar as a separate process with a small heap, as an attacker meets it:
 * the ports it logs, its resident memory, its log, and a SIGTERM stop whose exit status the test checks. A crash
 * is a {@link #kill()} (SIGKILL); {@link #restart()} starts the same command again on the same data directory, and
 * {@link #run} runs any other {@code courier} command from the jar to its end (a {@code serve} expected to refuse,
 * {@code kv check}).
 */
public final class ServerProcess implements AutoCloseable {
    /** The heap the adversarial tests give the server. */
    public static final String HEAP = "-Xmx256m";

    private static final Path JAR = Path.of(System.getProperty("courier.jar", "target/courier.jar"));
    private static final Pattern LISTENING = Pattern.compile("(kv|kv-rsa|mail|transfer) listening on .*:(\\d+)");

    private final Path dataDir;
    private final List<String> args;
    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final Map<String, CompletableFuture<Integer>> ports = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Path dataDir, List<String> args, Process process) {
        this.dataDir = dataDir;
        this.args = List.copyOf(args);
        this.process = process;
        this.reader = new Thread(this::readLog, "server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code courier serve --data-dir DIR ARGS...} with {@link #HEAP} and the launcher's JVM settings, and
     * waits until it logs that it is ready. Give every port as 0 or off.
     */
    public static ServerProcess start(Path dataDir, String... args) throws Exception {
        List<String> cmd = java("serve", "--data-dir", dataDir.toString());
        cmd.addAll(List.of(args));
        Files.createDirectories(dataDir);
        ServerProcess p = new ServerProcess(dataDir, List.of(args),
                new ProcessBuilder(cmd).redirectErrorStream(true).start());
        try {
            p.ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.process.destroyForcibly();
            throw new IllegalStateException("serve did not start:\n" + p.log, e);
        }
        return p;
    }

    /** The same {@code serve} again, on the same data directory with the same flags; this one must have ended. */
    public ServerProcess restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("the server still runs: stop() or kill() it first");
        }
        return start(dataDir, args.toArray(String[]::new));
    }

    /** The data directory the server was started on. */
    public Path dataDir() {
        return dataDir;
    }

    /** What a command run to its end did: its exit status (-1: did not end in time, killed) and its output. */
    public record Exit(int status, String output) {
    }

    /**
     * Runs {@code courier ARGS...} from the jar with the server's JVM settings until it ends (standard output and
     * error together, standard input closed); kills it if it has not ended within {@code timeout}.
     */
    public static Exit run(Duration timeout, String... args) throws Exception {
        List<String> cmd = java(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new Exit(-1, out.get(10, TimeUnit.SECONDS));
        }
        return new Exit(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }

    /** {@link Exit#status()} of a {@link #serveExpectingRefusal} whose server started instead (it was stopped). */
    public static final int STARTED = -2;

    /**
     * Starts {@code courier serve --data-dir DIR ARGS...} as {@link #start} does, expecting it to refuse to start:
     * returns its exit status and output once it ends, or {@link #STARTED} (having stopped it) if it got ready.
     */
    public static Exit serveExpectingRefusal(Path dataDir, String... args) throws Exception {
        List<String> cmd = java("serve", "--data-dir", dataDir.toString());
        cmd.addAll(List.of(args));
        ServerProcess p = new ServerProcess(dataDir, List.of(args),
                new ProcessBuilder(cmd).redirectErrorStream(true).start());
        try {
            p.ready.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException ended) {
            if (!p.process.waitFor(30, TimeUnit.SECONDS)) {
                p.close();
                return new Exit(-1, p.log());
            }
            p.reader.join(5_000);
            return new Exit(p.process.exitValue(), p.log());
        } catch (TimeoutException e) {
            p.close();
            return new Exit(-1, p.log());
        }
        p.stop(Duration.ofSeconds(20));
        return new Exit(STARTED, p.log());
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void readLog() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port0(m.group(1)).complete(Integer.parseInt(m.group(2)));
                }
                if (line.contains("ready: ")) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("serve ended"));
    }

    private CompletableFuture<Integer> port0(String service) {
        return ports.computeIfAbsent(service, k -> new CompletableFuture<>());
    }

    /** The port a service logged ({@code kv}, {@code kv-rsa}, {@code mail}, {@code transfer}). */
    public int port(String service) throws Exception {
        return port0(service).get(10, TimeUnit.SECONDS);
    }

    /** The server's resident memory now, from {@code /proc}. */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the server logged so far. */
    public String log() {
        return log.toString();
    }

    /** Sends SIGTERM and returns at once: the server drains while the test goes on. */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Waits at most {@code timeout} for the server to end; returns its exit status, or -1 (killed) if it did not. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for the exit; returns its status. */
    public int stop(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return -1;
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /**
     * Kills the server with SIGKILL ({@code kill -9}: no shutdown hook, no flush, a crash as the server meets it)
     * and waits for the end; returns the exit status (137).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die of SIGKILL within 30 s");
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** The server process's id. */
    public long pid() {
        return process.pid();
    }

    /**
     * SIGSTOP: the whole JVM freezes (no renewal, no answer, its sockets stay open) until {@link #resume}, as a node
     * meets a long GC pause or a stalled VM.
     */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        // Java's Process API sends only SIGTERM and SIGKILL; SIGSTOP and SIGCONT go through kill(1).
        Process kill = new ProcessBuilder("/bin/kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IllegalStateException("/bin/kill " + signal + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Kills the server if a test left it running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
