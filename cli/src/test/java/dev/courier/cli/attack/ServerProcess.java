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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code courier serve} from the shaded jar as a separate process with a small heap, as an attacker meets it:
 * the ports it logs, its resident memory, its log, and a SIGTERM stop whose exit status the test checks.
 */
public final class ServerProcess implements AutoCloseable {
    /** The heap the adversarial tests give the server. */
    public static final String HEAP = "-Xmx256m";

    private static final Path JAR = Path.of(System.getProperty("courier.jar", "target/courier.jar"));
    private static final Pattern LISTENING = Pattern.compile("(kv|kv-rsa|mail|transfer) listening on .*:(\\d+)");

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final Map<String, CompletableFuture<Integer>> ports = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Process process) {
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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR.toString(), "serve",
                "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(dataDir);
        ServerProcess p = new ServerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        try {
            p.ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.process.destroyForcibly();
            throw new IllegalStateException("serve did not start:\n" + p.log, e);
        }
        return p;
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

    /** Kills the server if a test left it running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
