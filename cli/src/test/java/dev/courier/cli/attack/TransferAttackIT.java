package dev.courier.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the transfer service of {@code courier serve} run as a separate process with a 256 MiB heap: each is
 * bounded, and a good sender on another loopback address (127.0.0.2) is served meanwhile within a stated time.
 */
class TransferAttackIT {
    /** The resident memory the server must stay under (heap 256 MiB, plus the JVM's own). */
    private static final long RSS_BOUND = 400L << 20;
    /** How long the good sender may wait for its message's final ACK during an attack. */
    private static final Duration GOOD_SENDER_WITHIN = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void firstFramesAnnouncingFourMebibytesDoNotTakeMemoryTheyDidNotSend() throws Exception {
        int attackers = 300;
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "0", "--transfer-max-connections-per-address", "1000")) {
            int port = server.port("transfer");
            long before = server.rssBytes();
            List<TransferPeer> peers = new ArrayList<>();
            try {
                byte[] first = new byte[1998];
                new Random(1).nextBytes(first);
                for (int i = 0; i < attackers; i++) {
                    TransferPeer p = TransferPeer.connect("127.0.0.1", port);
                    peers.add(p);
                    // The attack: 2 KB that announce a 4 MiB body, then silence.
                    p.send(TransferPeer.firstFrame(4L << 20, new byte[32], first));
                }
                for (TransferPeer p : peers) {
                    assertThat(p.readLine()).isEqualTo("ACK 3996\r\n");
                }
                long during = server.rssBytes();
                long worst = goodSenderLatency(port);
                System.out.printf("announce attack: %d connections, RSS before %d MiB, during %d MiB, good sender "
                        + "%d ms%n", attackers, before >> 20, during >> 20, worst);
                assertThat(during).isLessThan(RSS_BOUND);
                assertThat(Duration.ofMillis(worst)).isLessThan(GOOD_SENDER_WITHIN);
            } finally {
                for (TransferPeer p : peers) {
                    p.close();
                }
            }
            long after = server.rssBytes();
            System.out.printf("announce attack: RSS after %d MiB%n", after >> 20);
            assertThat(after).isLessThan(RSS_BOUND);
            assertThat(server.alive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            assertThat(server.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void bodiesReallySentPastTheMemoryBudgetGoToDiskAndOthersAreStillServed() throws Exception {
        int attackers = 40;
        byte[] body = new byte[4 << 20];
        new Random(3).nextBytes(body);
        byte[] sha = TransferPeer.sha256(body);
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "0", "--transfer-max-connections-per-address", "1000")) {
            int port = server.port("transfer");
            long before = server.rssBytes();
            List<TransferPeer> peers = new ArrayList<>();
            try {
                for (int i = 0; i < attackers; i++) {
                    peers.add(TransferPeer.connect("127.0.0.1", port));
                }
                // 40 x 4 MiB really sent (160 MiB, more than the 128 MiB budget of a 256 MiB heap), all verified,
                // then held without a trailer: bodies past the budget go to disk.
                peers.parallelStream().forEach(p -> {
                    try {
                        p.send(TransferPeer.firstFrame(body.length, sha, java.util.Arrays.copyOf(body, 1998)));
                        int at = 1998;
                        while (true) {
                            String r = p.readLine();
                            if (r.equals("ACK\r\n")) {
                                return;
                            }
                            assertThat(r).startsWith("ACK ");
                            int n = Integer.parseInt(r.substring(4).trim());
                            p.send(TransferPeer.nextFrame(body, at, n));
                            at += n;
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                long during = server.rssBytes();
                long worst = goodSenderLatency(port);
                long spilled = partFiles(dir.resolve("data/inbox")).size();
                System.out.printf("body attack: %d x 4 MiB held, %d of them on disk, RSS before %d MiB, during %d MiB,"
                        + " good sender %d ms%n", attackers, spilled, before >> 20, during >> 20, worst);
                assertThat(spilled).isPositive();
                assertThat(during).isLessThan(RSS_BOUND);
                assertThat(Duration.ofMillis(worst)).isLessThan(GOOD_SENDER_WITHIN);
            } finally {
                for (TransferPeer p : peers) {
                    p.close();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> partFiles(dir.resolve("data/inbox")).isEmpty());
            assertThat(server.alive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            assertThat(server.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void headerTricklersAreDroppedAtTheHeaderDeadlineAndFreeTheirSlots() throws Exception {
        int slots = 20;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "0", "--transfer-max-connections", "" + slots, "--transfer-header-timeout", "2s")) {
            int port = server.port("transfer");
            List<TransferPeer> tricklers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < slots; i++) {
                tricklers.add(TransferPeer.connect("127.0.0.1", port));
            }
            // One header byte every 500 ms each: an idle timer that every byte restarts would never fire.
            // Ticks fall between deadlines (250 ms, 750 ms, ...), and a peer that got its answer sends no more, so
            // no byte meets a closed socket (whose reset could discard the answer before it is read).
            ticker.scheduleAtFixedRate(() -> {
                for (TransferPeer p : tricklers) {
                    try {
                        if (!p.answered()) {
                            p.send(new byte[] {0});
                        }
                    } catch (IOException closed) {
                        // Dropped by the receiver, as it should be.
                    }
                }
            }, 250, 500, TimeUnit.MILLISECONDS);
            // Meanwhile every slot is held: the good sender is refused (it connects after all of them, so the
            // receiver, accepting in order, counts it last).
            await().atMost(Duration.ofSeconds(1)).until(() -> {
                try (TransferPeer good = TransferPeer.connect("127.0.0.2", port)) {
                    return good.readLine().equals("ERR too many connections\r\n");
                }
            });
            long latest = 0;
            for (TransferPeer p : tricklers) {
                assertThat(p.readLine())
                        .isEqualTo("ERR too slow: first frame after connecting not complete within 2000 ms\r\n");
                // Dropped at its deadline, counted from its own connect (the kernel may have held some connects
                // back for a SYN retry, the accept backlog being 10).
                long held = (System.nanoTime() - p.connectedNanos) / 1_000_000;
                latest = Math.max(latest, held);
                assertThat(held).isBetween(1900L, 3000L);
                // Then closed by the receiver: its slot is free.
                assertThat(p.readLine()).isEmpty();
            }
            long dropped = (System.nanoTime() - start) / 1_000_000;
            long worst = goodSenderLatency(port);
            System.out.printf("trickle attack: %d slots, each dropped %d ms or less after connecting, all after %d ms,"
                    + " good sender %d ms after%n", slots, latest, dropped, worst);
            assertThat(Duration.ofMillis(worst)).isLessThan(GOOD_SENDER_WITHIN);
            for (TransferPeer p : tricklers) {
                p.close();
            }
            assertThat(server.stop(Duration.ofSeconds(20))).isZero();
        } finally {
            ticker.shutdownNow();
        }
    }

    @Test
    void aTemporaryFileLeftByKillMinus9IsRemovedAtRestart() throws Exception {
        Path data = dir.resolve("data");
        Path inbox = data.resolve("inbox");
        long sent;
        try (ServerProcess server = ServerProcess.start(data, "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "0");
             TransferPeer p = TransferPeer.connect("127.0.0.1", server.port("transfer"))) {
            byte[] body = new byte[10 << 20];
            new Random(2).nextBytes(body);
            p.send(TransferPeer.firstFrame(body.length, TransferPeer.sha256(body),
                    java.util.Arrays.copyOf(body, 1998)));
            sent = 1998;
            while (sent < 3 << 20) {
                String r = p.readLine();
                assertThat(r).startsWith("ACK ");
                int n = Integer.parseInt(r.substring(4).trim());
                p.send(TransferPeer.nextFrame(body, (int) sent, n));
                sent += n;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> partFiles(inbox).size() == 1);
            // kill -9: no shutdown hook, no cleanup.
            server.close();
            assertThat(server.alive()).isFalse();
        }
        List<Path> left = partFiles(inbox);
        assertThat(left).hasSize(1);
        long size = Files.size(left.get(0));
        assertThat(size).isGreaterThan(1 << 20);
        try (ServerProcess again = ServerProcess.start(data, "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "0")) {
            assertThat(partFiles(inbox)).isEmpty();
            assertThat(again.log()).contains("transfer: removed 1 temporary file(s) of " + size + " bytes left in ");
            assertThat(goodSenderLatency(again.port("transfer"))).isLessThan(GOOD_SENDER_WITHIN.toMillis());
            assertThat(again.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    @Test
    void jsonNestedPastTheLimitIsNotADocumentAndTheReceiverGoesOn() throws Exception {
        // 100,000 levels: deep enough to overflow a recursive parser's stack, small enough for the first frames.
        byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--kv-port", "off", "--mail-port", "off",
                "--transfer-port", "0")) {
            int port = server.port("transfer");
            try (TransferPeer p = TransferPeer.connect("127.0.0.1", port)) {
                p.send(TransferPeer.firstFrame(deep.length, TransferPeer.sha256(deep),
                        java.util.Arrays.copyOf(deep, 1998)));
                int sent = 1998;
                String r = p.readLine();
                while (r.startsWith("ACK ")) {
                    int n = Math.min(Integer.parseInt(r.substring(4).trim()), deep.length - sent);
                    p.send(TransferPeer.nextFrame(deep, sent, n));
                    sent += n;
                    r = p.readLine();
                }
                assertThat(r).isEqualTo("ACK\r\n");
                p.send("JSON\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(p.readLine())
                        .isEqualTo("ERR not a JSON document: nested deeper than 1000 (line 1, column 1002)\r\n");
            }
            assertThat(goodSenderLatency(port)).isLessThan(GOOD_SENDER_WITHIN.toMillis());
            assertThat(server.log()).doesNotContain("NullPointerException", "StackOverflowError", "cannot store");
            assertThat(server.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    private static List<Path> partFiles(Path inbox) throws IOException {
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(inbox)) {
            return s.filter(f -> f.getFileName().toString().matches("\\.courier-.*\\.part")).toList();
        }
    }

    /** A text sent from 127.0.0.2 byte-exactly by the protocol; returns ms until the receiver's final ACK. */
    private static long goodSenderLatency(int port) throws Exception {
        byte[] text = "hello from another address".getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try (TransferPeer good = TransferPeer.connect("127.0.0.2", port)) {
            good.send(TransferPeer.firstFrame(text.length, TransferPeer.sha256(text), text));
            assertThat(good.readLine()).isEqualTo("ACK\r\n");
            good.send("TEXT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(good.readLine()).isEqualTo("ACK\r\n");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
