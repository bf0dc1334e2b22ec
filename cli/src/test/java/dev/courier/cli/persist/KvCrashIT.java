package dev.courier.cli.persist;

import static dev.courier.cli.persist.KvSessions.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.attack.ServerProcess;
import dev.courier.kv.client.KvAsyncClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's crash test on the real jar: many clients overwrite their keys with versioned values
 * ({@code v<seq>/...:pattern}), pipelined, and the server is killed with SIGKILL at a random moment (seeded,
 * logged) under that load, three times in a row, restarted after each. Every session is then resumed and every key
 * read: with {@code always} each key holds at least its last acknowledged version; with {@code everysec} at least
 * the last version acknowledged more than a second (the mode's bound) plus a second of slack before the kill; in
 * both no version newer than the last sent, and every value exactly what its version gives (never torn; the client
 * checks each answer's CRC-32 too).
 *
 * <p>{@code -Dkv.crash.seed=N} repeats the kill moments of a logged run.
 */
class KvCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(KvCrashIT.class);
    private static final int CLIENTS = 16;
    /** Keys per client: a client's write number {@code seq} goes to key {@code seq % KEYS}. */
    private static final int KEYS = 64;
    /** PUTs a client has in flight at most. */
    private static final int WINDOW = 32;
    private static final int KILLS = 3;
    /** The kill comes this long after the load starts, plus up to {@link #KILL_SPREAD_MS}. */
    private static final long KILL_AFTER_MS = 2_500;
    private static final int KILL_SPREAD_MS = 2_000;
    /** What {@code everysec} may lose: the last second (its bound), and a second of slack for the sync's timing. */
    private static final Duration EVERYSEC_LOSS = Duration.ofSeconds(2);
    /**
     * The journal is compacted once past this size (the default is 64 MiB): small, so that compactions run under
     * the load and a kill may come in the middle of one.
     */
    private static final String COMPACT_MIN = "4MiB";
    /** Acknowledgements older than this before the newest are forgotten (longer than {@link #EVERYSEC_LOSS}). */
    private static final long HISTORY_NANOS = Duration.ofSeconds(3).toNanos();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--kv-persistence {0}")
    @ValueSource(strings = {"always", "everysec"})
    void acknowledgedWritesSurviveKill9UnderLoad(String mode) throws Exception {
        long seed = Long.getLong("kv.crash.seed", new SecureRandom().nextLong());
        Random random = new Random(seed ^ mode.hashCode());
        LOG.info("{}: seed {} (-Dkv.crash.seed={} repeats the kill moments)", mode, seed, seed);
        boolean always = mode.equals("always");

        List<Writer> writers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            writers.add(new Writer("crash-" + mode + "-" + i));
        }
        ServerProcess server = ServerProcess.start(dir.resolve("data"), KvSessions.serveArgs(mode,
                "--kv-journal-compact-min", COMPACT_MIN));
        try {
            for (Writer w : writers) {
                w.client = KvSessions.connect(server, w.id);
            }
            for (int run = 1; run <= KILLS; run++) {
                AtomicBoolean killing = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (Writer w : writers) {
                    Thread t = new Thread(() -> w.load(killing), "load-" + w.id);
                    t.setDaemon(true);
                    t.start();
                    threads.add(t);
                }
                long delay = KILL_AFTER_MS + random.nextInt(KILL_SPREAD_MS);
                // Not an assertion: the moment of the crash, drawn from the seed.
                Thread.sleep(delay);
                int inFlight = writers.stream().mapToInt(Writer::inFlight).sum();
                killing.set(true);
                long killNanos = System.nanoTime();
                int status = server.kill();
                long compactions = count(server.log(), "KV journal compacted");
                boolean compacting = count(server.log(), ": compacting") > compactions;
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                    assertThat(t.isAlive()).as("%s stopped after the kill", t.getName()).isFalse();
                }
                for (Writer w : writers) {
                    w.client.close();
                    assertThat(w.unexpected).as("%s: a failure before the kill", w.id).isNull();
                    assertThat(w.ackedInRun).as("%s: PUTs acknowledged before the kill", w.id).isPositive();
                }

                long t0 = System.nanoTime();
                server = server.restart();
                long ready = System.nanoTime();
                boolean torn = count(server.log(), "torn last record") > 0;
                Figures f = new Figures();
                List<String> problems = new ArrayList<>();
                for (Writer w : writers) {
                    w.client = KvSessions.connect(server, w.id);
                    w.verify(always, killNanos, f, problems);
                }
                LOG.info("{} run {}: SIGKILL {} ms into the load (exit {}), {} PUTs in flight, {} compactions done "
                        + "since the server's start, {}; the restart {}, ready in {} ms; {} PUTs sent, {} "
                        + "acknowledged; {} keys read: {} found, {} at or past their last acknowledged version ({} of "
                        + "them past it: sent, unacknowledged, kept), {} before it but allowed ({} acknowledged "
                        + "versions lost, the oldest acknowledged {} before the kill; allowed: newer than {} ms), "
                        + "{} problems", mode, run, delay, status, inFlight, compactions,
                        compacting ? "one under way at the kill" : "none under way at the kill",
                        torn ? "dropped a torn last record (WARN)" : "found no torn record", (ready - t0) / 1_000_000,
                        f.sent, f.acked, f.keys, f.found, f.atOrPastAck, f.pastAck, f.lostAllowedKeys,
                        f.lostAllowedWrites, f.oldestLost(), EVERYSEC_LOSS.toMillis(), problems.size());
                assertThat(problems.size()).as("%s run %d (seed %d): keys that broke the contract, the first %d:%n%s",
                        mode, run, seed, Math.min(problems.size(), 20),
                        String.join("\n", problems.subList(0, Math.min(problems.size(), 20)))).isZero();
            }
            for (Writer w : writers) {
                w.client.close();
            }
            assertThat(server.stop(Duration.ofSeconds(30))).as("SIGTERM exits 0").isZero();
        } finally {
            server.close();
        }
    }

    private static long count(String log, String what) {
        return log.lines().filter(l -> l.contains(what)).count();
    }

    /** The figures of one run, summed over the clients. */
    private static final class Figures {
        long sent;
        long acked;
        long keys;
        long found;
        long atOrPastAck;
        long pastAck;
        long lostAllowedKeys;
        long lostAllowedWrites;
        /**
         * How long before the kill the oldest acknowledged write that was lost was acknowledged (negative: after the
         * test sent SIGKILL, before the process died).
         */
        long oldestLostNanos = Long.MIN_VALUE;

        String oldestLost() {
            return oldestLostNanos == Long.MIN_VALUE ? "(none)" : oldestLostNanos / 1_000 + " us";
        }
    }

    /** The key of write number {@code seq}. */
    private static String key(long seq) {
        return "key-" + seq % KEYS;
    }

    /** The name a version's value starts with, and the seed of the rest of it. */
    private static String name(String id, long seq) {
        return "v" + seq + "/" + id + "/" + key(seq);
    }

    /** The value of write number {@code seq}: its name, then a pattern drawn from it; 60 to 359 bytes. */
    private static String value(String id, long seq) {
        return KvSessions.value(name(id, seq), 60 + (int) (seq * 31 % 300));
    }

    /** One client: its session, what it sent and what the server acknowledged, key by key. */
    private static final class Writer {
        final String id;
        final long[] lastSent = new long[KEYS];
        final long[] lastAcked = new long[KEYS];
        /** The version a key held after the last restart: on disk, so never to be lost (-1: none). */
        final long[] durable = new long[KEYS];
        /** Per key, its recent acknowledgements as {seq, nanoTime}, oldest first. */
        final List<ArrayDeque<long[]>> acks = new ArrayList<>();
        final Semaphore window = new Semaphore(WINDOW);
        volatile KvAsyncClient client;
        volatile Throwable unexpected;
        long next;
        long sentInRun;
        long ackedInRun;

        Writer(String id) {
            this.id = id;
            Arrays.fill(lastSent, -1);
            Arrays.fill(lastAcked, -1);
            Arrays.fill(durable, -1);
            for (int k = 0; k < KEYS; k++) {
                acks.add(new ArrayDeque<>());
            }
        }

        int inFlight() {
            return WINDOW - window.availablePermits();
        }

        /** Overwrites keys round-robin with the next version each, pipelined, until the kill closes the connection. */
        void load(AtomicBoolean killing) {
            KvAsyncClient c = client;
            while (!killing.get() && c.isOpen()) {
                try {
                    if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                long seq;
                synchronized (this) {
                    seq = next++;
                    lastSent[(int) (seq % KEYS)] = seq;
                    sentInRun++;
                }
                c.put(key(seq), value(id, seq)).whenComplete((v, e) -> {
                    long now = System.nanoTime();
                    window.release();
                    if (e == null) {
                        acked(seq, now);
                    } else if (!killing.get() && unexpected == null) {
                        unexpected = e;
                    }
                });
            }
            // The kill: wait for every PUT in flight to be answered or failed, so that the records are final.
            window.acquireUninterruptibly(WINDOW);
            window.release(WINDOW);
        }

        private synchronized void acked(long seq, long nanos) {
            int k = (int) (seq % KEYS);
            lastAcked[k] = Math.max(lastAcked[k], seq);
            ackedInRun++;
            ArrayDeque<long[]> history = acks.get(k);
            history.addLast(new long[] {seq, nanos});
            // Keep the newest acknowledgement older than the window, and all after it.
            while (history.size() >= 2) {
                long[] first = history.pollFirst();
                if (history.peekFirst()[1] >= nanos - HISTORY_NANOS) {
                    history.addFirst(first);
                    break;
                }
            }
        }

        /** The newest version of key {@code k} acknowledged at or before {@code deadline}, or -1. */
        private long ackedBy(int k, long deadline) {
            long seq = -1;
            for (long[] a : acks.get(k)) {
                if (a[1] <= deadline) {
                    seq = Math.max(seq, a[0]);
                }
            }
            return seq;
        }

        /**
         * Reads every key on the resumed session and checks it against what was sent and acknowledged; then makes
         * what it found the new baseline.
         */
        synchronized void verify(boolean always, long killNanos, Figures f, List<String> problems)
                throws Exception {
            long everysecDeadline = killNanos - EVERYSEC_LOSS.toNanos();
            List<CompletableFuture<Optional<String>>> gets = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                gets.add(client.get(key(k)));
            }
            f.sent += sentInRun;
            f.acked += ackedInRun;
            for (int k = 0; k < KEYS; k++) {
                Optional<String> v = await(gets.get(k));
                long required = always ? lastAcked[k] : Math.max(durable[k], ackedBy(k, everysecDeadline));
                long found = -1;
                f.keys++;
                if (v.isPresent()) {
                    f.found++;
                    found = seqOf(v.get());
                    if (found < 0 || found % KEYS != k) {
                        problems.add(id + "/" + key(k) + ": a value that is no version of this key: "
                                + shortly(v.get()));
                        continue;
                    }
                    if (!v.get().equals(value(id, found))) {
                        problems.add(id + "/" + key(k) + ": version " + found + " torn or mixed: "
                                + shortly(v.get()));
                    }
                }
                if (found > lastSent[k]) {
                    problems.add(id + "/" + key(k) + ": version " + found + " was never sent (last sent "
                            + lastSent[k] + ")");
                }
                if (found < required) {
                    problems.add(id + "/" + key(k) + ": version " + (found < 0 ? "none" : Long.toString(found))
                            + ", but " + required + " must be there (" + (always ? "acknowledged"
                            : "acknowledged more than " + EVERYSEC_LOSS.toMillis() + " ms before the kill")
                            + "; last acknowledged " + lastAcked[k] + ", last sent " + lastSent[k] + ")");
                }
                if (found >= lastAcked[k]) {
                    f.atOrPastAck++;
                    f.pastAck += found > lastAcked[k] ? 1 : 0;
                } else if (found >= required) {
                    f.lostAllowedKeys++;
                    // The acknowledged versions after the one found (all of this key's, k, k + KEYS, ..., if none).
                    f.lostAllowedWrites += (lastAcked[k] - (found < 0 ? k - KEYS : found)) / KEYS;
                    for (long[] a : acks.get(k)) {
                        if (a[0] > found) {
                            f.oldestLostNanos = Math.max(f.oldestLostNanos, killNanos - a[1]);
                            break;
                        }
                    }
                }
                durable[k] = found;
                lastAcked[k] = found;
                acks.get(k).clear();
            }
            sentInRun = 0;
            ackedInRun = 0;
        }

        /** The version a value names ({@code v<seq>/...}), or -1. */
        private static long seqOf(String v) {
            int slash = v.indexOf('/');
            if (!v.startsWith("v") || slash < 2) {
                return -1;
            }
            try {
                return Long.parseLong(v.substring(1, slash));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static String shortly(String v) {
            return v.length() <= 80 ? "\"" + v + "\"" : "\"" + v.substring(0, 80) + "...\" (" + v.length() + " bytes)";
        }
    }
}
