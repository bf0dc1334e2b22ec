package dev.courier.kv.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.client.KvAsyncClient;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import dev.courier.kv.protocol.KvDialect;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Courier's client in the record dialect against a peer written in the test as the 2023 server is: a JDK TLS
 * socket that takes one record per message (one read) and answers each with one record (one write). The bytes of
 * every record the client sends are checked.
 */
class KvRecordClientTest {
    private static final byte[] HASH = KvServerExtension.hash("record password");

    /** What the peer does with its one connection; it returns what it read, one entry per record. */
    private interface Script {
        void run(RecordPeer peer, List<String> read) throws Exception;
    }

    private SSLServerSocket listener;
    private final List<String> read = new ArrayList<>();
    private CompletableFuture<Void> done;

    @BeforeEach
    void listen() throws Exception {
        listener = RecordPeer.listen();
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
    }

    private void serve(Script script) {
        done = CompletableFuture.runAsync(() -> {
            try (RecordPeer p = RecordPeer.accept(listener)) {
                script.run(p, read);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private KvClientConfig config() {
        return KvClientConfig.of("localhost", listener.getLocalPort(), ClientTrust.caFile(KvServerExtension.caCert()),
                "alice", HASH).withDialect(KvDialect.RECORD);
    }

    /** Reads one record and keeps it as text (the hash record as hex). */
    private static String take(RecordPeer p, List<String> read) throws Exception {
        byte[] r = p.readRecord();
        String s = r == null ? "(closed)" : r.length == 32 && r[0] == HASH[0]
                ? "hash:" + HexFormat.of().formatHex(r) : new String(r, java.nio.charset.StandardCharsets.ISO_8859_1);
        read.add(s);
        return s;
    }

    @Test
    void sendsEachMessageAsOneRecordAndReadsOneAnswerPerRecord() throws Exception {
        serve((p, read) -> {
            take(p, read);
            take(p, read);
            p.send("CONNECT: OK");
            take(p, read);
            p.send("PUT: OK");
            take(p, read);
            p.send("GET hello world\n222957957");
            take(p, read);
            p.send("GET: ERROR");
            take(p, read);
            p.send("DELETE: OK");
            take(p, read);
            p.send("DISCONNECT: OK");
        });
        try (KvClient c = KvClient.connect(config())) {
            c.put("greeting", "hello world");
            assertThat(c.get("greeting")).contains("hello world");
            assertThat(c.get("missing")).isEmpty();
            c.delete("greeting");
            c.disconnect();
        }
        done.get(10, TimeUnit.SECONDS);
        assertThat(read).containsExactly("CONNECT alice", "hash:" + HexFormat.of().formatHex(HASH),
                "PUT greeting\nhello world", "GET greeting", "GET missing", "DELETE greeting", "DISCONNECT");
    }

    @Test
    void sendsOneCommandAtATimeEvenWhenCallsPipeline() throws Exception {
        serve((p, read) -> {
            take(p, read);
            take(p, read);
            p.send("CONNECT: OK");
            take(p, read);
            // The client has made both calls already; the GET must wait for this answer.
            read.add(p.nothingWithin(300) ? "(nothing while PUT waits)" : "(a record while PUT waits)");
            p.send("PUT: OK");
            take(p, read);
            p.send("GET 1\n" + 2212294583L);
        });
        try (KvClient c = KvClient.connect(config())) {
            KvAsyncClient a = c.async();
            CompletableFuture<Void> put = a.put("a", "1");
            CompletableFuture<Optional<String>> get = a.get("a");
            put.get(10, TimeUnit.SECONDS);
            assertThat(get.get(10, TimeUnit.SECONDS)).contains("1");
        }
        done.get(10, TimeUnit.SECONDS);
        assertThat(read).containsExactly("CONNECT alice", "hash:" + HexFormat.of().formatHex(HASH), "PUT a\n1",
                "(nothing while PUT waits)", "GET a");
    }

    @Test
    void refusesAnAnswerWithATrailingLfOrABadCrc() throws Exception {
        serve((p, read) -> {
            take(p, read);
            take(p, read);
            p.send("CONNECT: OK");
            take(p, read);
            p.send("GET v\n1");
            take(p, read);
        });
        try (KvClient c = KvClient.connect(config())) {
            assertThatThrownBy(() -> c.get("k")).isInstanceOf(KvException.class)
                    .satisfies(e -> assertThat(((KvException) e).reason()).isEqualTo(KvException.Reason.CRC_MISMATCH));
        }
        done.get(10, TimeUnit.SECONDS);

        serve((p, read) -> {
            take(p, read);
            take(p, read);
            p.send("CONNECT: OK\n");
            take(p, read);
        });
        assertThatThrownBy(() -> KvClient.connect(config())).isInstanceOf(KvException.class)
                .satisfies(e -> assertThat(((KvException) e).reason()).isEqualTo(KvException.Reason.UNEXPECTED_REPLY))
                .hasMessageContaining("\"CONNECT: OK\\x0a\"");
        done.get(10, TimeUnit.SECONDS);
    }
}
