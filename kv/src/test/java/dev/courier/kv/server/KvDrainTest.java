package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KvServer#close(Duration)} over real TLS: a pipelined burst the server holds (its client reads nothing
 * yet) gets every reply within the grace; a client that never reads is cut when the grace runs out, and named.
 */
class KvDrainTest {
    /** GETs of a 4000-byte value: far more answer bytes than socket buffers hold, so the server must wait. */
    private static final int GETS = 1500;
    private static final String VALUE = "v".repeat(4000);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    /** Connects, stores the value, then pipelines a PUT and a GET per round without reading their answers. */
    private CompletableFuture<Void> burst(RawTlsConnection c) throws Exception {
        c.connect("drain", Wire.hash(1));
        assertThat(c.readLine()).isEqualTo("CONNECT: OK\n");
        StringBuilder b = new StringBuilder("PUT big\n" + VALUE + "\n");
        for (int i = 0; i < GETS; i++) {
            b.append("PUT k").append(i).append("\nx").append(i).append("\nGET big\n");
        }
        return CompletableFuture.runAsync(() -> {
            try {
                c.send(b.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aBurstTheServerHoldsGetsEveryReplyThenTheConnectionCloses() throws Exception {
        try (RawTlsConnection c = RawTlsConnection.open(kv.port())) {
            CompletableFuture<Void> sent = burst(c);
            assertThat(c.readLine()).isEqualTo("PUT: OK\n");
            sent.get(10, TimeUnit.SECONDS);
            CompletableFuture<List<String>> close =
                    CompletableFuture.supplyAsync(() -> kv.server().close(Duration.ofSeconds(20)));
            await().atMost(Duration.ofSeconds(5)).until(() -> !accepts(kv.server().address()));
            String crc = Wire.crc(VALUE) + "\n";
            for (int i = 0; i < GETS; i++) {
                assertThat(c.readLine()).as("answer to PUT k%d", i).isEqualTo("PUT: OK\n");
                assertThat(c.readLine()).as("answer to GET %d", i).isEqualTo("GET " + VALUE + "\n");
                assertThat(c.readLine()).isEqualTo(crc);
            }
            assertThat(c.closedWithoutAnswer()).isTrue();
            assertThat(close.get(20, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aClientThatNeverReadsIsCutWhenTheGraceRunsOutAndNamed() throws Exception {
        try (RawTlsConnection c = RawTlsConnection.open(kv.port())) {
            CompletableFuture<Void> sent = burst(c);
            sent.get(10, TimeUnit.SECONDS);
            // The server answered what it could and holds the rest: it has answers it cannot send.
            await().atMost(Duration.ofSeconds(5)).until(() -> kv.server().pendingWriteBytes() > 0);
            List<String> cut = kv.server().close(Duration.ofMillis(300));
            assertThat(cut).singleElement().asString()
                    .matches("\\d+ requests not yet answered( and a request not yet whole)? \\(from /127\\.0\\.0\\.1:\\d+\\)");
        }
    }

    @Test
    void anIdleConnectionDoesNotHoldTheClose() throws Exception {
        try (RawTlsConnection c = RawTlsConnection.open(kv.port())) {
            c.connect("idle", Wire.hash(1));
            assertThat(c.readLine()).isEqualTo("CONNECT: OK\n");
            long start = System.nanoTime();
            assertThat(kv.server().close(Duration.ofSeconds(20))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(c.closedWithoutAnswer()).isTrue();
        }
    }

    private static boolean accepts(InetSocketAddress a) {
        try (Socket s = new Socket()) {
            s.connect(a, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
