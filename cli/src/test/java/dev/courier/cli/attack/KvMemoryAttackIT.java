package dev.courier.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV attack against {@code courier serve -Xmx256m} as a separate process: one client in open mode
 * fills session after session up to the per-session cap, with nothing else bounding the total. The memory budget
 * (default: half the heap) must answer {@code PUT: ERROR} once it is spent, the server must stay up with bounded
 * RSS, a good client on 127.0.0.2 must be answered meanwhile, and SIGTERM must end it with status 0.
 *
 * <p>The per-address caps (sessions, memory) alone would stop this attacker sooner; they are raised here so that
 * the budget is what stops it. {@code -Dkv.attack.maxMemory=100GiB} runs the same attack with the budget out of
 * the way, to measure the server without it.
 */
class KvMemoryAttackIT {
    private static final Logger LOG = LoggerFactory.getLogger(KvMemoryAttackIT.class);
    /** The longest value the protocol allows: the attacker's bytes per PUT. */
    private static final int VALUE = 4091;
    /** PUTs written before their answers are read. */
    private static final int BATCH = 256;
    /** The attack stops here at the latest, whatever happens. */
    private static final Duration ATTACK_TIME = Duration.ofSeconds(40);
    /** RSS the server must stay under: the 256 MiB heap, metaspace, code, threads and Netty's buffers. */
    private static final long MAX_RSS = 480L << 20;
    /** How long the good client may wait for each of its probes (a TLS connection, CONNECT, GET, PUT). */
    private static final Duration GOOD_CLIENT_DEADLINE = Duration.ofSeconds(5);
    /** A session refused with less than this stored was refused by the budget, not by its 64 MiB cap. */
    private static final long BUDGET_SIGN = 63L << 20;

    @TempDir
    Path dir;

    @Test
    void oneClientFillingSessionAfterSessionIsStoppedByTheBudgetAndOthersAreServed() throws Exception {
        String maxMemory = System.getProperty("kv.attack.maxMemory");
        String[] args = {"--kv-port", "0", "--mail-port", "off", "--transfer-port", "off", "--kv-rsa-port", "off",
            "--kv-max-sessions-per-address", "100000", "--kv-max-memory-per-address", "100%"};
        if (maxMemory != null) {
            args = Arrays.copyOf(args, args.length + 2);
            args[args.length - 2] = "--max-memory";
            args[args.length - 1] = maxMemory;
        }
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.start(data, args)) {
            int port = server.port("kv");
            SSLContext tls = KvPeer.trusting(data.resolve("tls/server.crt"));
            long rssBefore = server.rssBytes();

            // The good client stores its key before the attack, then probes from another address throughout.
            try (KvPeer good = KvPeer.open(tls, "127.0.0.2", port, GOOD_CLIENT_DEADLINE.multipliedBy(4))) {
                assertThat(good.connect("good")).isEqualTo("CONNECT: OK");
                good.send("PUT k\ngood value\n");
                assertThat(good.line()).isEqualTo("PUT: OK");
            }
            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicLong worstProbe = new AtomicLong();
            AtomicLong probes = new AtomicLong();
            AtomicLong maxRss = new AtomicLong(rssBefore);
            Thread prober = new Thread(() -> {
                while (attacking.get()) {
                    long t0 = System.nanoTime();
                    try (KvPeer c = KvPeer.open(tls, "127.0.0.2", port, GOOD_CLIENT_DEADLINE.multipliedBy(4))) {
                        String connect = c.connect("good");
                        if (!connect.equals("CONNECT: OK")) {
                            throw new IllegalStateException("the good client's CONNECT: " + connect);
                        }
                        c.send("GET k\nPUT p\nx\n");
                        String get = c.line();
                        String crc = c.line();
                        String put = c.line();
                        if (!get.equals("GET good value") || crc.isEmpty() || !put.startsWith("PUT: ")) {
                            throw new IllegalStateException("the good client got " + get + " / " + put);
                        }
                        probes.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("good client probe failed: {}", e.toString());
                        worstProbe.set(Long.MAX_VALUE);
                        return;
                    }
                    worstProbe.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    try {
                        maxRss.accumulateAndGet(server.rssBytes(), Math::max);
                        Thread.sleep(200);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "good-client");
            prober.setDaemon(true);
            prober.start();

            Attack result;
            try {
                result = attack(tls, port);
            } finally {
                attacking.set(false);
                prober.join(GOOD_CLIENT_DEADLINE.toMillis() * 2);
            }
            long rssDuring = maxRss.get();
            LOG.info("KV memory attack: {} sessions, {} MiB stored, {} PUT: ERROR, the budget's first in session {} "
                    + "after {} MiB in it; RSS before {} MiB, max during {} MiB, after {} MiB; good client: {} probes, worst "
                    + "{} ms", result.sessions, result.storedBytes >> 20, result.errors, result.firstErrorSession,
                    result.firstErrorSessionBytes >> 20, rssBefore >> 20, rssDuring >> 20,
                    server.rssBytes() >> 20, probes.get(), worstProbe.get() / 1_000_000);

            assertThat(server.alive()).as("the server is up").isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            assertThat(result.errors).as("PUT: ERROR once the budget is spent").isPositive();
            assertThat(result.firstErrorSession).as("a session refused by the budget, not its 64 MiB cap")
                    .isPositive();
            assertThat(result.stoppedByBudget).as("a fresh session could store nothing more").isTrue();
            assertThat(rssDuring).as("RSS stays bounded").isLessThan(MAX_RSS);
            assertThat(probes.get()).as("the good client was served throughout").isPositive();
            assertThat(worstProbe.get()).as("the good client's worst probe")
                    .isLessThan(GOOD_CLIENT_DEADLINE.toNanos());
            assertThat(server.stop(Duration.ofSeconds(20))).as("SIGTERM exits 0").isZero();
        }
    }

    /** What the attack achieved. */
    private record Attack(int sessions, long storedBytes, long errors, int firstErrorSession,
                          long firstErrorSessionBytes, boolean stoppedByBudget) {
    }

    /** Session after session, each filled with pipelined 4091-byte PUTs until the server refuses them. */
    private static Attack attack(SSLContext tls, int port) throws IOException {
        byte[] value = new byte[VALUE];
        Arrays.fill(value, (byte) 'v');
        long deadline = System.nanoTime() + ATTACK_TIME.toNanos();
        int sessions = 0;
        long stored = 0;
        long errors = 0;
        int firstErrorSession = -1;
        long firstErrorSessionBytes = -1;
        boolean stoppedByBudget = false;
        long key = 0;
        while (System.nanoTime() < deadline && !stoppedByBudget) {
            try (KvPeer c = KvPeer.open(tls, "127.0.0.1", port, GOOD_CLIENT_DEADLINE.multipliedBy(4))) {
                String connect = c.connect("attacker-" + sessions);
                sessions++;
                if (!connect.equals("CONNECT: OK")) {
                    // Not even an empty session fits: the budget is spent.
                    stoppedByBudget = true;
                    break;
                }
                long inSession = 0;
                boolean refused = false;
                while (!refused && System.nanoTime() < deadline) {
                    int ok = c.putBatch(key, BATCH, value);
                    key += BATCH;
                    errors += BATCH - ok;
                    refused = ok < BATCH;
                    inSession += (long) ok * VALUE;
                    stored += (long) ok * VALUE;
                    if (refused && firstErrorSession < 0 && inSession < BUDGET_SIGN) {
                        firstErrorSession = sessions;
                        firstErrorSessionBytes = inSession;
                    }
                    if (refused && inSession == 0) {
                        stoppedByBudget = true;
                    }
                }
            }
        }
        return new Attack(sessions, stored, errors, firstErrorSession, firstErrorSessionBytes, stoppedByBudget);
    }
}
