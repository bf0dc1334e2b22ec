package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.client.ResumingSender;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.server.ExtensionSettings;
import dev.courier.transfer.store.PartialStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume over real loopback sockets: a relay cuts the connection after a random number of bytes (seeded, logged),
 * the sender reconnects, asks RESUME, and goes on from the receiver's verified bytes; the receiver ends with the
 * whole file, verified, and nothing else: no partial, no temporary file. {@code -Dtransfer.resume.seed=N} repeats a
 * run.
 */
class ResumeEndToEndTest {
    private static final Logger LOG = LoggerFactory.getLogger(ResumeEndToEndTest.class);
    private static final ResumingSender.Retries FAST = new ResumingSender.Retries(5, Duration.ofMillis(1),
            Duration.ofMillis(10));
    private static final Pattern RESUMED = Pattern.compile("resumed big\\.bin at (\\d+)% \\(offset (\\d+) of (\\d+) "
            + "bytes\\)");

    @RegisterExtension
    final TransferServerExtension server = TransferServerExtension.plain(c -> c.withExtensions(
            ExtensionSettings.defaults().withPartialDirectory(c.directory().resolveSibling("partial"))
                    .withPartials(PartialStore.Settings.defaults().withSyncEveryBytes(64 << 10))));

    private final List<String> notes = new ArrayList<>();

    private Path partials() {
        return server.inbox().resolveSibling("partial");
    }

    /** What is left in the partials' directory (made only when a first partial is kept). */
    private List<String> partialsLeft() throws Exception {
        return Files.isDirectory(partials()) ? TestBytes.names(partials()) : List.of();
    }

    private static byte[] sha(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void cutsAtRandomOffsetsEndInTheWholeVerifiedFileWithNothingLeftBehind() throws Exception {
        long seed = Long.getLong("transfer.resume.seed", new SecureRandom().nextLong());
        LOG.info("resume cuts: seed {} (-Dtransfer.resume.seed={} repeats them)", seed, seed);
        Random random = new Random(seed);
        byte[] content = new byte[3 << 20];
        random.nextBytes(content);
        Path file = Files.write(server.outbox().resolve("big.bin"), content);
        // Each cut comes after the first chunks of its connection (so something was stored to resume from) and
        // before 916 400 bytes of it: the three cut connections together never carry the whole 3 MiB.
        long[] cuts = new long[3];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = 16_384 + random.nextInt(900_000);
        }
        try (CuttingProxy proxy = new CuttingProxy(server.port(), cuts);
             ResumingSender s = new ResumingSender(TransferClientConfig.plain("localhost", proxy.port()), FAST,
                     notes::add)) {
            SendResult r = s.sendFile(file, "big.bin", TransferProgress.NONE);
            assertThat(r.sha256()).as("seed %d", seed).isEqualTo(sha(content));
            assertThat(proxy.cutsMade()).as("seed %d", seed).isEqualTo(3);
            assertThat(proxy.connections()).isEqualTo(4);
        }
        assertThat(Files.readAllBytes(server.inbox().resolve("big.bin"))).as("seed %d", seed).isEqualTo(content);
        assertThat(TestBytes.names(server.inbox())).containsExactly("big.bin");
        assertThat(partialsLeft()).isEmpty();
        // Every reconnect resumed past where the one before it did, and said so in one line.
        long last = 0;
        int resumed = 0;
        for (String n : notes) {
            Matcher m = RESUMED.matcher(n);
            if (m.matches()) {
                long offset = Long.parseLong(m.group(2));
                assertThat(offset).as("seed %d: %s", seed, notes).isGreaterThan(last);
                assertThat(Long.parseLong(m.group(1))).isEqualTo(offset * 100 / content.length);
                assertThat(m.group(3)).isEqualTo(Integer.toString(content.length));
                last = offset;
                resumed++;
            }
        }
        assertThat(resumed).as("seed %d: %s", seed, notes).isEqualTo(3);
        assertThat(server.server().stats().resumes.sum()).isEqualTo(3);
    }

    @Test
    void aResumeOfferForAFileThatChangedIsAnsweredZeroAndTheFileStartsOver() throws Exception {
        byte[] before = new byte[1 << 20];
        new Random(7).nextBytes(before);
        Path file = Files.write(server.outbox().resolve("big.bin"), before);
        try (CuttingProxy proxy = new CuttingProxy(server.port(), 600_000);
             ResumingSender s = new ResumingSender(TransferClientConfig.plain("localhost", proxy.port()),
                     ResumingSender.Retries.of(0), notes::add)) {
            assertThatThrownBy(() -> s.sendFile(file, "big.bin", TransferProgress.NONE))
                    .isInstanceOf(TransferException.class);
        }
        PartialStore store = server.server().partials();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.count() == 1
                && store.verified(new PartialStore.Key("ip:127.0.0.1", "big.bin", before.length,
                HexFormat.of().formatHex(sha(before)))).orElse(0L) > 0);

        byte[] after = before.clone();
        after[10] ^= 1;
        Files.write(file, after);
        // The wire: same name and size, another SHA-256: OK 0, and the stale partial is dropped.
        try (RawPeer raw = RawPeer.open(server)) {
            raw.send(TestBytes.concat(new byte[] {(byte) 0xFF}, ("RESUME " + after.length + " "
                    + HexFormat.of().formatHex(sha(after)) + " big.bin\r\n").getBytes(StandardCharsets.US_ASCII)));
            assertThat(raw.readLine()).isEqualTo("OK 0\r\n");
        }
        try (ResumingSender s = new ResumingSender(server.clientConfig(), FAST, notes::add)) {
            assertThat(s.sendFile(file, "big.bin", TransferProgress.NONE).sha256()).isEqualTo(sha(after));
        }
        assertThat(notes).noneMatch(n -> n.startsWith("resumed"));
        assertThat(Files.readAllBytes(server.inbox().resolve("big.bin"))).isEqualTo(after);
        assertThat(TestBytes.names(server.inbox())).containsExactly("big.bin");
        assertThat(partialsLeft()).isEmpty();
    }

    @Test
    void againstASpecOnlyReceiverTheSenderReconnectsOnceAndSendsPlainly() throws Exception {
        byte[] err = "ERR bad header: size beyond 2^63-1\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] a = new byte[100_000];
        byte[] b = new byte[200_000];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        Path fa = Files.write(server.outbox().resolve("a.bin"), a);
        Path fb = Files.write(server.outbox().resolve("b.bin"), b);
        // A spec-only receiver reads 0xFF as the top byte of a size beyond 2^63-1: this is what it answers.
        try (CuttingProxy specOnly = new CuttingProxy(server.port(), first -> first == 0xFF ? err : null);
             ResumingSender s = new ResumingSender(TransferClientConfig.plain("localhost", specOnly.port()), FAST,
                     notes::add)) {
            s.sendFile(fa, "a.bin", TransferProgress.NONE);
            s.sendFile(fb, "b.bin", TransferProgress.NONE);
            assertThat(specOnly.connections()).isEqualTo(2);
        }
        assertThat(notes).containsExactly("the receiver speaks only the transfer protocol's spec, without Courier's "
                + "extensions (it cannot take RESUME): reconnecting once to send without resume");
        assertThat(Files.readAllBytes(server.inbox().resolve("a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(server.inbox().resolve("b.bin"))).isEqualTo(b);
        assertThat(partialsLeft()).isEmpty();
    }

    /** The worked example of docs/transfer-protocol.md ("RESUME"), byte for byte, against the receiver. */
    @Test
    void theWorkedExampleOfThePageHappensByteForByte() throws Exception {
        byte[] body = new byte[10_000];
        java.util.Arrays.fill(body, (byte) 'a');
        byte[] sha = sha(body);
        assertThat(HexFormat.of().formatHex(sha))
                .isEqualTo("27dd1f61b867b6a0f6e9d8a41c43231de52107e53ae424de8f847b821db4b711");
        byte[] resume = TestBytes.concat(new byte[] {(byte) 0xFF}, ("RESUME 10000 " + HexFormat.of().formatHex(sha)
                + " notes.txt\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(resume).hasSize(90);
        assertThat(TestBytes.crc(body, 0, 1998)).isEqualTo(0x355d348d);
        assertThat(TestBytes.crc(body, 1998, 5994)).isEqualTo(0x8587c91d);
        assertThat(TestBytes.crc(body, 9990, 10_000)).isEqualTo(0x4c11cdf0);
        try (RawPeer p = RawPeer.open(server)) {
            p.send(resume);
            assertThat(p.readLine()).isEqualTo("OK 0\r\n");
            p.send(TestBytes.firstFrame(body.length, sha, body));
            assertThat(p.readLine()).isEqualTo("ACK 3996\r\n");
            p.send(TestBytes.nextFrame(body, 1998, 3996));
            assertThat(p.readLine()).isEqualTo("ACK 4006\r\n");
        }
        try (RawPeer p = RawPeer.open(server)) {
            p.send(resume);
            assertThat(p.readLine()).isEqualTo("OK 5994 3996\r\n");
            p.send(TestBytes.nextFrame(body, 5994, 3996));
            assertThat(p.readLine()).isEqualTo("ACK 10\r\n");
            p.send(TestBytes.nextFrame(body, 9990, 10));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("FILE notes.txt\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(Files.readAllBytes(server.inbox().resolve("notes.txt"))).isEqualTo(body);
        assertThat(partialsLeft()).isEmpty();
    }

    /** A sender of the spec sends no RESUME: a receiver that keeps partials answers it exactly as before. */
    @Test
    void aSpecSenderGetsTheSpecsRepliesAndLeavesNoPartial() throws Exception {
        byte[] body = TestBytes.letters(10_000);
        try (RawPeer p = RawPeer.open(server)) {
            p.send(TestBytes.firstFrame(body.length, sha(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 3996\r\n");
            p.send(TestBytes.nextFrame(body, 1998, 3996));
            assertThat(p.readLine()).isEqualTo("ACK 4006\r\n");
            p.send(TestBytes.nextFrame(body, 5994, 4006));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("FILE spec.txt\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        // A cut spec message is not kept either: it is not resumable, and its temporary file goes.
        try (RawPeer p = RawPeer.open(server)) {
            p.send(TestBytes.firstFrame(body.length, sha(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 3996\r\n");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> TestBytes.names(server.inbox()).equals(List.of("spec.txt")));
        assertThat(Files.readAllBytes(server.inbox().resolve("spec.txt"))).isEqualTo(body);
        assertThat(Files.exists(partials())).isFalse();
    }

    @Test
    void retriesStopAfterTheGivenNumberOfReconnectsThatMakeNoProgress() throws Exception {
        Path file = Files.write(server.outbox().resolve("big.bin"), TestBytes.random(200_000, 5));
        // Every connection is cut after the RESUME line (90 bytes) and before a whole first frame: no progress.
        long[] cuts = new long[10];
        java.util.Arrays.fill(cuts, 200);
        try (CuttingProxy proxy = new CuttingProxy(server.port(), cuts);
             ResumingSender s = new ResumingSender(TransferClientConfig.plain("localhost", proxy.port()),
                     new ResumingSender.Retries(2, Duration.ofMillis(1), Duration.ofMillis(1)), notes::add)) {
            assertThatThrownBy(() -> s.sendFile(file, "big.bin", TransferProgress.NONE))
                    .isInstanceOf(TransferException.class);
            assertThat(proxy.connections()).isEqualTo(3);
        }
        assertThat(notes).hasSize(2).allMatch(n -> n.matches(".*; retrying in 1 ms \\([12] of 2\\)"));
    }
}
