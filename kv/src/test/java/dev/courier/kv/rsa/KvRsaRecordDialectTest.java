package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.client.KvClient;
import dev.courier.kv.protocol.KvDialect;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The RSA edition in the record dialect: one block per message, no LF, both ways; a found value answered
 * {@code GET value}, as the original program does. Server and client, each against a peer written with the JDK
 * alone ({@link SpecPeer}).
 */
class KvRsaRecordDialectTest {
    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension(c -> c.withDialect(KvDialect.RECORD), RsaTestSupport.SERVER_KEYS);

    @Test
    void theServerAnswersEachBlockWithOneBlockWithoutLf() throws Exception {
        try (SpecPeer p = rsa.peer()) {
            p.sendOneBlock("CONNECT alice");
            assertThat(p.receiveBlockText()).isEqualTo("CONNECT: OK");
            p.sendOneBlock("PUT greeting\nhello, world");
            assertThat(p.receiveBlockText()).isEqualTo("PUT: OK");
            p.sendOneBlock("GET greeting");
            assertThat(p.receiveBlockText()).as("the prefix, the value, no CRC").isEqualTo("GET hello, world");
            p.sendOneBlock("GET missing");
            assertThat(p.receiveBlockText()).isEqualTo("GET: ERROR");
            // Two blocks in one write: each answered in a block of its own.
            ByteArrayOutputStream two = new ByteArrayOutputStream();
            two.writeBytes(p.encrypt("DELETE greeting".getBytes(StandardCharsets.US_ASCII)));
            two.writeBytes(p.encrypt("GET greeting".getBytes(StandardCharsets.US_ASCII)));
            p.sendRaw(two.toByteArray());
            assertThat(p.receiveBlockText()).isEqualTo("DELETE: OK");
            assertThat(p.receiveBlockText()).isEqualTo("GET: ERROR");
            p.sendOneBlock("DISCONNECT");
            assertThat(p.receiveBlockText()).isEqualTo("DISCONNECT: OK");
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
    }

    @Test
    void aViolationDropsTheConnectionAndErasesTheSession() throws Exception {
        long before = rsa.violations();
        try (SpecPeer p = rsa.peer()) {
            p.sendOneBlock("CONNECT bob");
            assertThat(p.receiveBlockText()).isEqualTo("CONNECT: OK");
            p.sendOneBlock("PUT k");
            assertThat(p.closedWithoutAnswer()).as("a PUT block without its value").isTrue();
        }
        rsa.awaitSessions(0);
        assertThat(rsa.violations()).isEqualTo(before + 1);
    }

    @Test
    void theClientSendsOneBlockPerMessageAndReadsGetValue() throws Exception {
        List<String> read = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (SpecPeer p = SpecPeer.serve(listener.accept(), RsaTestSupport.SERVER_KEYS)) {
                    read.add(p.receiveBlockText());
                    p.sendOneBlock("CONNECT: OK");
                    read.add(p.receiveBlockText());
                    p.sendOneBlock("PUT: OK");
                    read.add(p.receiveBlockText());
                    p.sendOneBlock("GET hello, world");
                    read.add(p.receiveBlockText());
                    p.sendOneBlock("GET: ERROR");
                    read.add(p.receiveBlockText());
                    p.sendOneBlock("DISCONNECT: OK");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (KvClient c = KvRsaClient.connect(KvRsaClient.config("127.0.0.1", listener.getLocalPort(), "alice")
                    .withDialect(KvDialect.RECORD), RsaTestSupport.CLIENT_KEYS)) {
                c.put("greeting", "hello, world");
                assertThat(c.get("greeting")).contains("hello, world");
                assertThat(c.get("missing")).isEmpty();
                c.disconnect();
            }
            peer.get(10, TimeUnit.SECONDS);
        }
        assertThat(read).containsExactly("CONNECT alice", "PUT greeting\nhello, world", "GET greeting",
                "GET missing", "DISCONNECT");
    }
}
