package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.kv.client.KvAsyncClient;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The library's client ({@link KvClient} over the RSA transport) against Courier's server and the spec's peer. */
class KvRsaClientTest {
    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension();

    @Test
    void holdsAWholeSession() throws Exception {
        try (KvClient c = rsa.client("alice")) {
            c.put("greeting", "hello, world");
            assertThat(c.get("greeting")).contains("hello, world");
            assertThat(c.get("missing")).isEmpty();
            c.put("greeting", "");
            assertThat(c.get("greeting")).contains("");
            c.delete("greeting");
            assertThat(c.get("greeting")).isEmpty();
            assertThat(rsa.sessions()).isEqualTo(1);
            c.disconnect();
        }
        rsa.awaitSessions(0);
    }

    @Test
    void carriesTheLongestValueAndPipelines() throws Exception {
        String big = "z".repeat(rsa.server().config().limits().maxValueBytes());
        try (KvClient c = rsa.client("bob")) {
            c.put("big", big);
            assertThat(c.get("big")).contains(big);
            KvAsyncClient a = c.async();
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            List<CompletableFuture<Optional<String>>> gets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                puts.add(a.put("k" + i, "v" + i));
                gets.add(a.get("k" + i));
            }
            for (int i = 0; i < 200; i++) {
                puts.get(i).get(10, TimeUnit.SECONDS);
                assertThat(gets.get(i).get(10, TimeUnit.SECONDS)).contains("v" + i);
            }
        }
    }

    @Test
    void aValueThatReadsGetErrorCannotBeToldFromTheError() throws Exception {
        // The edition's own flaw (spec section 8), documented rather than patched.
        try (KvClient c = rsa.client("carol")) {
            c.put("k", "GET: ERROR");
            assertThat(c.get("k")).isEmpty();
            assertThat(rsa.server().registry().table().get("carol", "k"))
                    .isEqualTo("GET: ERROR".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aRefusedConnectFailsWithItsReason() throws Exception {
        try (KvClient first = rsa.client("dave")) {
            assertThatThrownBy(() -> rsa.client("dave")).isInstanceOf(KvException.class)
                    .extracting(e -> ((KvException) e).reason()).isEqualTo(KvException.Reason.CONNECT_REFUSED);
            first.put("k", "still bound");
        }
    }

    @Test
    void aClientWithAnotherKeySizeSpeaksToo() throws Exception {
        KvClientConfig config = KvRsaClient.config("127.0.0.1", rsa.port(), "erin");
        try (KvClient c = KvRsaClient.connect(config, RsaTestSupport.keys("client-1024.key.pem"))) {
            c.put("k", "w".repeat(300));
            assertThat(c.get("k")).contains("w".repeat(300));
        }
        try (KvClient c = KvRsaClient.connect(config)) {
            assertThat(c.get("k")).isEmpty();
        }
    }

    @Test
    void speaksToAnOriginalStyleServerThatSendsOneBlockPerMessageWithoutLf() throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            CompletableFuture<List<String>> heard = CompletableFuture.supplyAsync(() -> {
                List<String> got = new ArrayList<>();
                try (Socket s = ss.accept(); SpecPeer server = SpecPeer.serve(s, KvRsaExtension.PEER_KEYS)) {
                    got.add(server.receive());
                    server.sendOneBlock("CONNECT: OK");
                    got.add(server.receive());
                    got.add(server.receive());
                    server.sendOneBlock("PUT: OK");
                    got.add(server.receive());
                    server.sendOneBlock("the value");
                    got.add(server.receive());
                    server.sendOneBlock("DISCONNECT: OK");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return got;
            });
            try (KvClient c = KvRsaClient.connect(KvRsaClient.config("127.0.0.1", ss.getLocalPort(), "fay"),
                    RsaTestSupport.CLIENT_KEYS)) {
                c.put("k", "v");
                assertThat(c.get("k")).contains("the value");
                c.disconnect();
            }
            assertThat(heard.get(10, TimeUnit.SECONDS)).containsExactly("CONNECT fay", "PUT k", "v", "GET k",
                    "DISCONNECT");
        }
    }

    @Test
    void failsFastOnABadKeyAndInTimeOnNone() throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            CompletableFuture<Void> badKey = CompletableFuture.runAsync(() -> {
                try (Socket s = ss.accept()) {
                    s.getOutputStream().write((SpecPeer.BEGIN + "\n!!!!\n" + SpecPeer.END + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            KvClientConfig config = KvRsaClient.config("127.0.0.1", ss.getLocalPort(), "gus");
            assertThatThrownBy(() -> KvRsaClient.connect(config, RsaTestSupport.CLIENT_KEYS))
                    .isInstanceOf(KvException.class).hasMessageContaining("base64")
                    .extracting(e -> ((KvException) e).reason()).isEqualTo(KvException.Reason.IO);
            badKey.get(10, TimeUnit.SECONDS);

            CompletableFuture<Void> silent = CompletableFuture.runAsync(() -> {
                try (Socket s = ss.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            KvClientConfig quick = config.withTimeout(Duration.ofMillis(300));
            assertThatThrownBy(() -> KvRsaClient.connect(quick, RsaTestSupport.CLIENT_KEYS))
                    .isInstanceOf(KvException.class).hasMessageContaining("within 300 ms");
            silent.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAConfigWithAPasswordHash() {
        KvClientConfig withHash = KvClientConfig.of("127.0.0.1", rsa.port(), null, "hal", new byte[32]);
        assertThatThrownBy(() -> KvRsaClient.connect(withHash)).isInstanceOf(IllegalArgumentException.class);
    }
}
