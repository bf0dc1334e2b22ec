package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.client.KvAsyncClient;
import dev.courier.kv.client.KvClient;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many clients at once, and clients that stall, must not get in each other's way. */
class KvConcurrencyEndToEndTest {
    private static final int CLIENTS = 200;
    /** Netty's default high-water mark is 64 KiB; allow a few answers more, far from a whole read's worth. */
    private static final long MAX_HELD_ANSWER_BYTES = 256 * 1024;

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    private static byte[] hashOf(int i) {
        byte[] h = Wire.hash(i & 0xFF);
        h[0] = (byte) (i >> 8);
        return h;
    }

    private CompletableFuture<Void> session(int i) {
        String id = "client " + i;
        return KvAsyncClient.connect(kv.clientConfig(id, hashOf(i))).thenCompose(c -> {
            List<CompletableFuture<?>> steps = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                steps.add(c.put("key" + k, id + " value " + k));
            }
            List<CompletableFuture<Optional<String>>> gets = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                gets.add(c.get("key" + k));
            }
            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
                    .thenCompose(v -> CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)))
                    .thenCompose(v -> {
                        for (int k = 0; k < 5; k++) {
                            assertThat(gets.get(k).join()).contains(id + " value " + k);
                        }
                        return c.disconnect();
                    })
                    .whenComplete((v, e) -> c.close());
        });
    }

    @Test
    void twoHundredSessionsAtOnceEachSeeOnlyTheirOwnData() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            all.add(session(i));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(kv.server().stats().connectsOk.sum()).isEqualTo(CLIENTS);
        assertThat(kv.server().stats().commands.sum()).isEqualTo(CLIENTS * 10L);
        await().until(() -> kv.server().registry().table().sessions() == 0);
    }

    private void servesOthers() throws Exception {
        try (KvClient c = kv.client("bystander", Wire.hash(0x99))) {
            c.put("k", "v");
            assertThat(c.get("k")).contains("v");
        }
    }

    @Test
    void stalledClientsDoNotStopOthers() throws Exception {
        try (RawTlsConnection half = RawTlsConnection.open(kv.port());
             RawTlsConnection silent = RawTlsConnection.open(kv.port())) {
            half.connect("half", Wire.hash(1));
            assertThat(half.readLine()).isEqualTo("CONNECT: OK\n");
            half.send("PUT k\nhalf a val");
            servesOthers();
            half.send("ue\n");
            assertThat(half.readLine()).as("the stalled client is still served").isEqualTo("PUT: OK\n");
        }
    }

    @Test
    void aClientThatNeverReadsItsAnswersDoesNotStopOthers() throws Exception {
        AtomicLong sent = new AtomicLong();
        RawTlsConnection flood = RawTlsConnection.open(kv.port());
        flood.connect("flood", Wire.hash(2));
        assertThat(flood.readLine()).isEqualTo("CONNECT: OK\n");
        flood.send("PUT k\n" + Wire.repeat('v', 4091) + "\n");
        assertThat(flood.readLine()).isEqualTo("PUT: OK\n");
        byte[] gets = Wire.bytes("GET k\n".repeat(1000));
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = flood.output();
                while (true) {
                    out.write(gets);
                    out.flush();
                    sent.addAndGet(gets.length);
                }
            } catch (IOException e) {
                // The socket was closed under the writer: the end of the test.
            }
        }, "flood-writer");
        writer.setDaemon(true);
        writer.start();
        // Each 6-byte GET asks for a 4 KiB answer; once the writer blocks, the server has stopped reading.
        await().until(() -> {
            long before = sent.get();
            Thread.sleep(300);
            return before > 0 && sent.get() == before;
        });
        servesOthers();
        assertThat(kv.server().pendingWriteBytes()).as("answers held for the client that does not read")
                .isLessThan(MAX_HELD_ANSWER_BYTES);
        flood.abort();
        writer.join(10_000);
        assertThat(writer.isAlive()).isFalse();
        await().until(() -> kv.server().openConnections() == 0);
    }

    @Test
    void aClientThatPipelinesFarAheadGetsEveryAnswerInOrderOnceItReads() throws Exception {
        String value = Wire.repeat('v', 4091);
        int chunks = 40;
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("ahead", Wire.hash(3));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("PUT k\n" + value + "\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            // Each chunk: 99 GETs of 4 KiB answers, then a PUT whose answer shows where the chunk ends.
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    for (int c = 0; c < chunks; c++) {
                        r.send("GET k\n".repeat(99) + "PUT n\n" + c + "\n");
                        written.incrementAndGet();
                    }
                    r.send("DISCONNECT\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // Read nothing until the writer is done or stuck, so the server has to hold back.
            await().until(() -> {
                long before = written.get();
                Thread.sleep(200);
                return writing.isDone() || written.get() == before;
            });
            String get = "GET " + value + "\n";
            String crc = Wire.crc(value) + "\n";
            for (int c = 0; c < chunks; c++) {
                for (int i = 0; i < 99; i++) {
                    assertThat(r.readLine()).as("chunk %d answer %d", c, i).isEqualTo(get);
                    assertThat(r.readLine()).isEqualTo(crc);
                }
                assertThat(r.readLine()).as("chunk %d's PUT", c).isEqualTo("PUT: OK\n");
            }
            assertThat(r.readLine()).isEqualTo("DISCONNECT: OK\n");
            writing.get(10, TimeUnit.SECONDS);
        }
        assertThat(kv.server().registry().table().sessions()).isZero();
    }
}
