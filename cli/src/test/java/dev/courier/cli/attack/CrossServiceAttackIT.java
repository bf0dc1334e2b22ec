package dev.courier.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An attack on one service must not starve another: against {@code courier serve -Xmx256m} running KV and transfer,
 * a KV client in open mode fills KV with session data until {@code PUT: ERROR}. KV's share of the memory budget
 * (75% by default) is what stops it (the per-address caps are raised out of the way), so a quarter of the budget is
 * left: a text and a small file sent to transfer from 127.0.0.2 are delivered, and a good KV client on 127.0.0.2
 * resumes its session and reads its value. RSS stays bounded; SIGTERM exits 0.
 *
 * <p>{@code -Dcross.attack.perService=100%} runs the same attack with KV allowed the whole budget (the server before
 * service shares): transfer then refuses the 2 MiB text ({@code ERR receiver busy: memory budget reached ...}).
 */
class CrossServiceAttackIT {
    /** How long a KV peer waits for an answer. */
    private static final Duration KV_READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(CrossServiceAttackIT.class);
    /** The longest value the protocol allows: the attacker's bytes per PUT. */
    private static final int VALUE = 4091;
    /** PUTs written before their answers are read. */
    private static final int BATCH = 256;
    /** The attack stops here at the latest. */
    private static final Duration ATTACK_TIME = Duration.ofSeconds(25);
    /** RSS the server must stay under: the 256 MiB heap, metaspace, code, threads and Netty's buffers. */
    private static final long MAX_RSS = 480L << 20;
    /** How long each good client's exchange may take once KV is full. */
    private static final Duration GOOD_CLIENT_WITHIN = Duration.ofSeconds(3);
    /** The good sender's text: larger than what is left of the budget once KV may take all of it. */
    private static final int TEXT_BYTES = 2 << 20;

    @TempDir
    Path dir;

    @Test
    void aKvClientFillingKvLeavesTransferAndOtherKvClientsServed() throws Exception {
        String perService = System.getProperty("cross.attack.perService", "75%");
        Path data = dir.resolve("data");
        try (ServerProcess server = ServerProcess.start(data, "--kv-port", "0", "--transfer-port", "0",
                "--mail-port", "off", "--kv-max-sessions-per-address", "100000",
                "--kv-max-memory-per-address", "100%", "--max-memory-per-service", perService)) {
            assertThat(server.log()).contains("memory budget shares: kv, transfer may each charge at most");
            int kvPort = server.port("kv");
            int transferPort = server.port("transfer");
            SSLContext tls = KvPeer.trusting(data.resolve("tls/server.crt"));
            long rssBefore = server.rssBytes();

            try (KvPeer good = KvPeer.open(tls, "127.0.0.2", kvPort, KV_READ_TIMEOUT)) {
                assertThat(good.connect("good")).isEqualTo("CONNECT: OK");
                good.send("PUT k\ngood value\n");
                assertThat(good.line()).isEqualTo("PUT: OK");
            }

            long t0 = System.nanoTime();
            long stored = fillKv(tls, kvPort);
            long attackMillis = (System.nanoTime() - t0) / 1_000_000;
            long rssDuring = server.rssBytes();

            long t1 = System.nanoTime();
            // A text of 2 MiB: held in memory and charged about three times its size while it is delivered.
            byte[] text = "hello from another address\n".repeat(TEXT_BYTES / 27).getBytes(StandardCharsets.UTF_8);
            String textAnswer = send(transferPort, text, "TEXT");
            long textMillis = (System.nanoTime() - t1) / 1_000_000;
            byte[] file = new byte[50_000];
            new Random(3).nextBytes(file);
            long t2 = System.nanoTime();
            String fileAnswer = send(transferPort, file, "FILE small.bin");
            long fileMillis = (System.nanoTime() - t2) / 1_000_000;
            long t3 = System.nanoTime();
            String get;
            String connect;
            try (KvPeer good = KvPeer.open(tls, "127.0.0.2", kvPort, KV_READ_TIMEOUT)) {
                connect = good.connect("good");
                good.send("GET k\n");
                get = good.line();
                good.line();
            }
            long kvMillis = (System.nanoTime() - t3) / 1_000_000;
            LOG.info("cross-service attack (--max-memory-per-service {}): KV stored {} MiB in {} ms until refused; "
                    + "RSS before {} MiB, after the fill {} MiB; transfer 2 MiB text: {} in {} ms, 50 kB file: {} in "
                    + "{} ms; good KV client: {} / {} in {} ms", perService, stored >> 20, attackMillis,
                    rssBefore >> 20, rssDuring >> 20, textAnswer.trim(), textMillis, fileAnswer.trim(), fileMillis,
                    connect, get, kvMillis);

            assertThat(stored).as("KV took most of its 96 MiB share, not more").isBetween(60L << 20, 96L << 20);
            assertThat(textAnswer).as("the text is delivered").isEqualTo("ACK\r\n");
            assertThat(fileAnswer).as("the file is delivered").isEqualTo("ACK\r\n");
            assertThat(Files.readAllBytes(data.resolve("inbox/small.bin"))).isEqualTo(file);
            assertThat(connect).isEqualTo("CONNECT: OK");
            assertThat(get).isEqualTo("GET good value");
            assertThat(Math.max(textMillis, Math.max(fileMillis, kvMillis))).as("good clients' worst time")
                    .isLessThan(GOOD_CLIENT_WITHIN.toMillis());
            assertThat(server.rssBytes()).as("RSS stays bounded").isLessThan(MAX_RSS);
            assertThat(rssDuring).isLessThan(MAX_RSS);
            assertThat(server.alive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            assertThat(server.stop(Duration.ofSeconds(20))).as("SIGTERM exits 0").isZero();
        }
    }

    /** Sessions from 127.0.0.1 filled with pipelined PUTs until a fresh session stores nothing; bytes stored. */
    private static long fillKv(SSLContext tls, int port) throws IOException {
        byte[] value = new byte[VALUE];
        Arrays.fill(value, (byte) 'v');
        long deadline = System.nanoTime() + ATTACK_TIME.toNanos();
        long stored = 0;
        long key = 0;
        for (int session = 0; System.nanoTime() < deadline; session++) {
            try (KvPeer c = KvPeer.open(tls, "127.0.0.1", port, KV_READ_TIMEOUT)) {
                if (!c.connect("attacker-" + session).equals("CONNECT: OK")) {
                    return stored;
                }
                long inSession = 0;
                boolean refused = false;
                while (!refused && System.nanoTime() < deadline) {
                    int ok = c.putBatch(key, BATCH, value);
                    key += BATCH;
                    inSession += (long) ok * VALUE;
                    refused = ok < BATCH;
                }
                stored += inSession;
                if (refused && inSession < 63L << 20) {
                    // Refused before the 64 MiB session cap: the memory KV may use is spent.
                    return stored;
                }
            }
        }
        throw new AssertionError("KV never refused within " + ATTACK_TIME);
    }

    /**
     * A message from 127.0.0.2, byte-exactly by the protocol, in the chunks the receiver asks for; the answer to
     * its trailer (or the refusal).
     */
    private static String send(int port, byte[] body, String trailer) throws Exception {
        try (TransferPeer s = TransferPeer.connect("127.0.0.2", port)) {
            int first = Math.min(body.length, 1998);
            s.send(TransferPeer.firstFrame(body.length, TransferPeer.sha256(body), Arrays.copyOf(body, first)));
            int sent = first;
            String r = s.readLine();
            while (r.startsWith("ACK ")) {
                int n = Math.min(Integer.parseInt(r.substring(4).trim()), body.length - sent);
                s.send(TransferPeer.nextFrame(body, sent, n));
                sent += n;
                r = s.readLine();
            }
            if (!r.equals("ACK\r\n")) {
                return r;
            }
            s.send((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return s.readLine();
        }
    }
}
