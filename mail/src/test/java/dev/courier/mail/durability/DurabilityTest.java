package dev.courier.mail.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.client.MailException;
import dev.courier.mail.protocol.MailMessage;
import dev.courier.mail.store.MailStoreConfig;
import dev.courier.mail.store.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a mail server (a separate process) with SIGKILL while many clients send, restarts it on the same data
 * directory, and checks that every message answered {@code OK:sent} is there exactly once. A second test runs the
 * same checker on a store that acknowledges before it commits, to show the checker catches the loss.
 */
class DurabilityTest {
    private static final Logger LOG = LoggerFactory.getLogger(DurabilityTest.class);
    private static final int SENDERS = 8;
    private static final int RECIPIENTS = 4;
    private static final int MIN_ACKED_BEFORE_KILL = 50;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Path dataDir;
    private final List<Process> processes = new ArrayList<>();

    /** What a client was told: the id the server gave each subject it acknowledged. */
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void setUp() throws IOException {
        dataDir = Files.createTempDirectory("courier-mail-durability");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        TestFiles.deleteTree(dataDir);
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKillExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        LOG.info("durability seed {}", seed);
        Random random = new Random(seed);
        Server first = startServer(false, "first");
        addAccounts();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            int n = i;
            Thread t = new Thread(() -> sendUntilFailure(first.port(), n, stop, Integer.MAX_VALUE), "sender-" + n);
            t.start();
            senders.add(t);
        }
        // Kill at a random moment once the load is on (a cold JVM on a busy machine may take a while to get there).
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (acked.size() < MIN_ACKED_BEFORE_KILL && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(random.nextInt(1000));
        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        LOG.info("killed with {} messages acknowledged of {} attempted (seed {})", acked.size(), attempted.size(),
                seed);
        assertThat(acked).as("the test must have sent something before the kill").isNotEmpty();

        Server second = startServer(false, "second");
        Report report = check(second.port());
        assertThat(report.missing()).as("acknowledged but lost (seed %d)", seed).isEmpty();
        assertThat(report.duplicated()).as("stored more than once").isEmpty();
        assertThat(report.damaged()).as("stored differently from what was sent").isEmpty();
        assertThat(report.unknown()).as("stored but never sent").isEmpty();
        assertThat(report.found()).isGreaterThanOrEqualTo(acked.size());
    }

    @Test
    void theCheckerCatchesAStoreThatAcknowledgesBeforeCommit() throws Exception {
        Server broken = startServer(true, "broken");
        addAccounts();
        sendUntilFailure(broken.port(), 0, new AtomicBoolean(), 20);
        assertThat(acked).hasSize(20);
        broken.process().destroyForcibly();
        assertThat(broken.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        Server honest = startServer(false, "after-broken");
        Report report = check(honest.port());
        // The broken store commits a minute after acking: every acknowledged message is gone, and the checker says so.
        assertThat(report.missing()).hasSize(20);
        assertThat(report.found()).isZero();
    }

    private record Server(Process process, int port) {
    }

    private Server startServer(boolean ackBeforeCommit, String name) throws Exception {
        Path portFile = dataDir.resolve("port-" + name);
        Path log = Path.of("target", "durability-" + name + ".log").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        if (ackBeforeCommit) {
            cmd.add("-D" + DurabilityServerMain.ACK_BEFORE_COMMIT + "=true");
        }
        cmd.addAll(List.of(DurabilityServerMain.class.getName(), "--data-dir", dataDir.toString(), "--port", "0",
                "--plaintext", "--port-file", portFile.toString(), "--max-sends-per-minute", "1000000"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(portFile)) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited with " + p.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("server did not start in " + START_TIMEOUT + "; see " + log);
            }
            Thread.sleep(50);
        }
        return new Server(p, Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim()));
    }

    /** Adds the accounts from this process while the server process holds the database (through AUTO_SERVER). */
    private void addAccounts() {
        try (MailAccounts admin = MailAccounts.open(MailStoreConfig.forDataDir(dataDir), Passwords.MIN_ITERATIONS)) {
            for (int i = 0; i < SENDERS; i++) {
                admin.add("s" + i, "pw".toCharArray());
            }
            for (int i = 0; i < RECIPIENTS; i++) {
                admin.add("r" + i, "pw".toCharArray());
            }
            assertThat(admin.list()).hasSize(SENDERS + RECIPIENTS);
        }
    }

    private void sendUntilFailure(int port, int sender, AtomicBoolean stop, int max) {
        MailClientConfig config = MailClientConfig.plaintext("localhost", port).withTimeout(Duration.ofSeconds(20));
        try (MailClient c = MailClient.connect(config)) {
            c.login("s" + sender, "pw");
            for (int k = 0; k < max && !stop.get(); k++) {
                String subject = "c" + sender + "-m" + k;
                attempted.add(subject);
                long id = c.send("r" + (k % RECIPIENTS), subject, body(subject));
                acked.put(subject, id);
            }
        } catch (MailException e) {
            // The server was killed: whatever was not acknowledged may or may not be there.
            LOG.debug("sender {} stopped: {}", sender, e.getMessage());
        }
    }

    private static String body(String subject) {
        return "body of " + subject + ": #%\r\n" + "x".repeat(subject.length() * 7);
    }

    /** What the restarted server holds, set against what the clients were told. */
    private record Report(List<String> missing, List<String> duplicated, List<String> damaged, List<String> unknown,
                          int found) {
    }

    private Report check(int port) throws MailException {
        Map<String, List<MailMessage>> bySubject = new HashMap<>();
        int found = 0;
        for (int r = 0; r < RECIPIENTS; r++) {
            try (MailClient c = MailClient.connect(MailClientConfig.plaintext("localhost", port))) {
                c.login("r" + r, "pw");
                for (MailMessage m : c.dump()) {
                    bySubject.computeIfAbsent(m.subject(), k -> new ArrayList<>()).add(m);
                    found++;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        acked.forEach((subject, id) -> {
            List<MailMessage> copies = bySubject.getOrDefault(subject, List.of());
            if (copies.isEmpty()) {
                missing.add(subject);
            } else if (copies.get(0).id() != id) {
                damaged.add(subject + " has id " + copies.get(0).id() + ", acknowledged as " + id);
            }
        });
        bySubject.forEach((subject, copies) -> {
            if (copies.size() > 1) {
                duplicated.add(subject);
            }
            if (!attempted.contains(subject)) {
                unknown.add(subject);
            }
            for (MailMessage m : copies) {
                if (!m.body().equals(body(subject))) {
                    damaged.add(subject + " has a different body");
                }
            }
        });
        return new Report(missing, duplicated, damaged, unknown, found);
    }
}
