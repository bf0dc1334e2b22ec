package dev.courier.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16's crash case on the real jar: a resumable file is cut by {@code kill -9} of the receiver ({@code courier
 * serve}) in the middle of its body; after a restart on the same data directory, {@code courier send} of the same
 * file resumes from the verified length the partial's record holds (never more than was synced) and the file
 * arrives whole and verified, with no partial and no temporary file left.
 */
class TransferResumeIT {
    private static final Logger LOG = LoggerFactory.getLogger(TransferResumeIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SERVE = {"--kv-port", "off", "--mail-port", "off", "--transfer-port", "0",
        "--transfer-partial-sync", "256KiB"};

    @TempDir
    Path dir;

    @Test
    void aFileCutByKillMinus9ResumesAfterTheRestartAndArrivesVerified() throws Exception {
        long seed = Long.getLong("transfer.crash.seed", new SecureRandom().nextLong());
        LOG.info("seed {} (-Dtransfer.crash.seed={} repeats it)", seed, seed);
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Path partial = data.resolve("transfer-partial");
        byte[] body = new byte[8 << 20];
        random.nextBytes(body);
        Path file = Files.write(Files.createDirectories(dir.resolve("out")).resolve("big.bin"), body);
        // Where the kill comes: after 2 to 5 MiB of the body.
        long killAfter = (2 << 20) + random.nextInt(3 << 20);
        long sent;
        try (ServerProcess server = ServerProcess.start(data, SERVE);
             TransferPeer p = TransferPeer.connect("127.0.0.1", server.port("transfer"))) {
            byte[] sha = TransferPeer.sha256(body);
            p.send(concat(new byte[] {(byte) 0xFF}, ("RESUME " + body.length + " " + HexFormat.of().formatHex(sha)
                    + " big.bin\r\n").getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("OK 0\r\n");
            p.send(TransferPeer.firstFrame(body.length, sha, java.util.Arrays.copyOf(body, 1998)));
            sent = 1998;
            while (sent < killAfter) {
                String r = p.readLine();
                assertThat(r).startsWith("ACK ");
                int n = Integer.parseInt(r.substring(4).trim());
                p.send(TransferPeer.nextFrame(body, (int) sent, n));
                sent += n;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> recorded(partial) >= 1 << 20);
            // kill -9: no shutdown hook, no last sync.
            assertThat(server.kill()).isEqualTo(137);
        }
        long recorded = recorded(partial);
        assertThat(recorded).as("seed %d", seed).isLessThanOrEqualTo(sent).isGreaterThanOrEqualTo(1 << 20);
        try (ServerProcess again = ServerProcess.start(data, SERVE)) {
            ServerProcess.Exit e = ServerProcess.run(Duration.ofSeconds(60), "send",
                    "127.0.0.1:" + again.port("transfer"), file.toString());
            assertThat(e.status()).as(e.output()).isZero();
            Matcher m = Pattern.compile("resumed big\\.bin at (\\d+)% \\(offset (\\d+) of 8388608 bytes\\)")
                    .matcher(e.output());
            assertThat(m.find()).as(e.output()).isTrue();
            assertThat(Long.parseLong(m.group(2))).as("seed %d", seed).isEqualTo(recorded);
            assertThat(e.output()).contains("sent file " + file + ": 8388608 bytes sha256 "
                    + HexFormat.of().formatHex(TransferPeer.sha256(body)));
            assertThat(Files.readAllBytes(data.resolve("inbox/big.bin"))).isEqualTo(body);
            assertThat(names(partial)).isEmpty();
            assertThat(names(data.resolve("inbox"))).containsExactly("big.bin");
            assertThat(again.stop(Duration.ofSeconds(20))).isZero();
        }
    }

    /** The verified length in the one partial record, or 0 while there is none. */
    private static long recorded(Path partial) throws IOException {
        if (!Files.isDirectory(partial)) {
            return 0;
        }
        for (String n : names(partial)) {
            if (n.endsWith(".rec")) {
                try {
                    return JSON.readTree(Files.readAllBytes(partial.resolve(n))).get("verified").asLong();
                } catch (IOException replaced) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
