package dev.courier.kv.rsa;

import dev.courier.kv.server.KvRsaConfig;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvServerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The RSA edition's server, spoken to by {@link SpecPeer}: a peer written from the spec with the JDK alone. */
class KvRsaServerTest {
    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension();

    @Test
    void holdsAWholeSessionWithAnIndependentPeer() throws Exception {
        try (SpecPeer p = rsa.peer()) {
            assertThat(p.peerPem()).isEqualTo(SpecPeer.pem(rsa.listener().publicKey()));
            assertThat(p.peerBlock()).isEqualTo(64);
            p.send("CONNECT alice");
            assertThat(p.receiveBlockText()).isEqualTo("CONNECT: OK\n");
            p.send("PUT greeting").send("hello, world");
            assertThat(p.receiveBlockText()).isEqualTo("PUT: OK\n");
            p.send("GET greeting");
            assertThat(p.receiveBlockText()).as("the bare value, no GET prefix, no crc").isEqualTo("hello, world\n");
            p.send("GET missing");
            assertThat(p.receive()).isEqualTo("GET: ERROR");
            p.send("DELETE greeting");
            assertThat(p.receive()).isEqualTo("DELETE: OK");
            p.send("GET greeting");
            assertThat(p.receive()).isEqualTo("GET: ERROR");
            assertThat(rsa.sessions()).isEqualTo(1);
            p.send("DISCONNECT");
            assertThat(p.receive()).isEqualTo("DISCONNECT: OK");
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
    }

    @Test
    void takesAShortBlockWithoutLfAsAWholeMessage() throws Exception {
        // The edition's own program sent each message as one block without LF.
        try (SpecPeer p = rsa.peer()) {
            p.sendOneBlock("CONNECT bob");
            assertThat(p.receive()).isEqualTo("CONNECT: OK");
            p.sendOneBlock("PUT k").sendOneBlock("v");
            assertThat(p.receive()).isEqualTo("PUT: OK");
            p.sendOneBlock("GET k");
            assertThat(p.receive()).isEqualTo("v");
            p.sendOneBlock("DISCONNECT");
            assertThat(p.receive()).isEqualTo("DISCONNECT: OK");
        }
    }

    @Test
    void carriesTheLongestValueInPiecesBothWays() throws Exception {
        String value = "a".repeat(rsa.server().config().limits().maxValueBytes());
        try (SpecPeer p = rsa.connected("carol")) {
            p.send("PUT big").send(value);
            assertThat(p.receive()).isEqualTo("PUT: OK");
            p.send("GET big");
            for (int i = 0; i < value.length() / 53; i++) {
                assertThat(p.receiveBlockText()).isEqualTo("a".repeat(53));
            }
            assertThat(p.receiveBlockText()).isEqualTo("a".repeat(value.length() % 53) + "\n");
            p.send("PUT big").send(value + "a");
            assertThat(p.receive()).as("one byte past the value limit").isEqualTo("PUT: ERROR");
        }
    }

    @Test
    void answersPipelinedMessagesInOrder() throws Exception {
        try (SpecPeer p = rsa.peer()) {
            // Several messages cut as one stream: blocks straddle messages, the receiver still cuts at LF.
            p.send("CONNECT dave\nPUT a\n1\nPUT b\n2\nGET b\nGET a\nDELETE a\nGET a");
            for (String expected : new String[] {"CONNECT: OK", "PUT: OK", "PUT: OK", "2", "1", "DELETE: OK",
                "GET: ERROR"}) {
                assertThat(p.receive()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aSessionLeftWithoutDisconnectIsErasedAtOnce() throws Exception {
        try (SpecPeer p = rsa.connected("erin")) {
            p.send("PUT k").send("v");
            assertThat(p.receive()).isEqualTo("PUT: OK");
        }
        rsa.awaitSessions(0);
        try (SpecPeer p = rsa.connected("erin")) {
            p.send("GET k");
            assertThat(p.receive()).as("no resume: a new, empty session").isEqualTo("GET: ERROR");
        }
    }

    @Test
    void refusesAnIdInUseAndDropsTheConnection() throws Exception {
        try (SpecPeer first = rsa.connected("frank"); SpecPeer second = rsa.peer()) {
            second.send("CONNECT frank");
            assertThat(second.receive()).isEqualTo("CONNECT: ERROR");
            assertThat(second.closedWithoutAnswer()).isTrue();
            first.send("GET x");
            assertThat(first.receive()).isEqualTo("GET: ERROR");
        }
    }

    @Test
    void aProtocolViolationInsideTheBlocksErasesTheSession() throws Exception {
        try (SpecPeer p = rsa.connected("gina")) {
            p.send("PUT k").send("v");
            assertThat(p.receive()).isEqualTo("PUT: OK");
            p.send("get k");
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
        assertThat(rsa.violations()).isEqualTo(1);
    }

    @Test
    void theKeyExchangeAndConnectMustFitTheHandshakeDeadline() throws Exception {
        rsa.restart(c -> c.withLimits(c.limits().withHandshakeTimeout(Duration.ofMillis(300))));
        try (SpecPeer silent = SpecPeer.connect(rsa.port(), KvRsaExtension.PEER_KEYS)) {
            assertThat(silent.closedWithoutAnswer()).isTrue();
        }
        try (SpecPeer noConnect = rsa.peer()) {
            assertThat(noConnect.closedWithoutAnswer()).isTrue();
        }
        assertThat(rsa.server().stats().timeouts.sum()).isEqualTo(2);
    }

    @Test
    void speaksWithLargerKeysAndRefusesSizesOutsideTheEdition() throws Exception {
        KvServerConfig base = rsa.server().config();
        assertThatThrownBy(() -> KvServer.start(base.withRsa(KvRsaConfig.of("127.0.0.1", 0, 1000))))
                .isInstanceOf(IllegalArgumentException.class);
        KeyPair peer1024 = SpecPeer.newKeys(1024);
        rsa.restart(c -> c.withRsa(KvRsaConfig.of("127.0.0.1", 0, 1024)));
        try (SpecPeer p = SpecPeer.open(rsa.port(), peer1024)) {
            assertThat(p.peerBlock()).isEqualTo(128);
            p.send("CONNECT hank");
            assertThat(p.receiveBlockText()).isEqualTo("CONNECT: OK\n");
            String value = "b".repeat(200);
            p.send("PUT k").send(value).send("GET k");
            assertThat(p.receive()).isEqualTo("PUT: OK");
            assertThat(p.receiveBlockText()).isEqualTo("b".repeat(117));
            assertThat(p.receiveBlockText()).isEqualTo("b".repeat(83) + "\n");
        }
    }
}
