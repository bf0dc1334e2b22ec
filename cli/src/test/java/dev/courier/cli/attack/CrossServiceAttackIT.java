package dev.courier.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
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
    private static final byte[] HASH = new byte[32];
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
            SSLContext tls = trusting(data.resolve("tls/server.crt"));
            long rssBefore = server.rssBytes();

            try (Kv good = Kv.open(tls, "127.0.0.2", kvPort)) {
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
            try (Kv good = Kv.open(tls, "127.0.0.2", kvPort)) {
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
            try (Kv c = Kv.open(tls, "127.0.0.1", port)) {
                if (!c.connect("attacker-" + session).equals("CONNECT: OK")) {
                    return stored;
                }
                long inSession = 0;
                boolean refused = false;
                while (!refused && System.nanoTime() < deadline) {
                    ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH * (VALUE + 32));
                    for (int i = 0; i < BATCH; i++) {
                        batch.writeBytes(("PUT " + key++ + "\n").getBytes(StandardCharsets.US_ASCII));
                        batch.writeBytes(value);
                        batch.write('\n');
                    }
                    c.send(batch.toByteArray());
                    for (int i = 0; i < BATCH; i++) {
                        String answer = c.line();
                        if (answer.equals("PUT: OK")) {
                            inSession += VALUE;
                        } else {
                            assertThat(answer).isEqualTo("PUT: ERROR");
                            refused = true;
                        }
                    }
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
        try (Sender s = Sender.connect(port)) {
            int first = Math.min(body.length, 1998);
            s.send(firstFrame(body.length, sha256(body), Arrays.copyOf(body, first)));
            int sent = first;
            String r = s.readLine();
            while (r.startsWith("ACK ")) {
                int n = Math.min(Integer.parseInt(r.substring(4).trim()), body.length - sent);
                s.send(ByteBuffer.allocate(6 + n).putInt(crc(body, sent, n)).put((byte) '\r').put((byte) '\n')
                        .put(body, sent, n).array());
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

    private static byte[] firstFrame(long size, byte[] sha256, byte[] chunk) {
        return ByteBuffer.allocate(50 + chunk.length).putLong(size).put((byte) '\r').put((byte) '\n').put(sha256)
                .put((byte) '\r').put((byte) '\n').putInt(crc(chunk, 0, chunk.length)).put((byte) '\r')
                .put((byte) '\n').put(chunk).array();
    }

    private static int crc(byte[] b, int from, int n) {
        CRC32 c = new CRC32();
        c.update(b, from, n);
        return (int) c.getValue();
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A raw plain-TCP transfer sender bound to 127.0.0.2. */
    private static final class Sender implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Sender(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(15_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Sender connect(int port) throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            return new Sender(s);
        }

        void send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** A line with its CR LF, or what came before the end of the stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                b.write(c);
                if (c == '\n') {
                    break;
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** One KV TLS connection from a chosen loopback address, speaking the wire protocol by hand. */
    private static final class Kv implements AutoCloseable {
        private final SSLSocket socket;
        private final OutputStream out;
        private final InputStream in;

        private Kv(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        static Kv open(SSLContext tls, String from, int port) throws IOException {
            Socket tcp = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
            tcp.setSoTimeout(20_000);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
            s.startHandshake();
            return new Kv(s);
        }

        String connect(String id) throws IOException {
            out.write(("CONNECT " + id + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(HASH);
            out.flush();
            return line();
        }

        void send(String s) throws IOException {
            send(s.getBytes(StandardCharsets.US_ASCII));
        }

        void send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** The next answer line without its LF. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("closed by the server");
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
