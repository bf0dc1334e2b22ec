package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 5 on the RSA edition: bad framing drops the connection and erases the session. */
class KvRsaBadInputTest {
    @RegisterExtension
    final KvRsaExtension rsa = new KvRsaExtension();

    /** After each case the server still serves a new client. */
    private void serverStillServes() throws Exception {
        try (SpecPeer p = rsa.connected("next")) {
            p.send("DISCONNECT");
            assertThat(p.receive()).isEqualTo("DISCONNECT: OK");
        }
    }

    /** A CONNECTed peer holding one key, as the session a bad input must erase. */
    private SpecPeer sessionWithData(String id) throws Exception {
        SpecPeer p = rsa.connected(id);
        p.send("PUT k").send("v");
        assertThat(p.receive()).isEqualTo("PUT: OK");
        assertThat(rsa.sessions()).isEqualTo(1);
        return p;
    }

    @Test
    void aMalformedPemBlockIsDroppedWithoutTheServersKey() throws Exception {
        try (SpecPeer p = SpecPeer.connect(rsa.port(), KvRsaExtension.PEER_KEYS)) {
            p.sendRaw((SpecPeer.BEGIN + "\nnot base64!\n" + SpecPeer.END + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        assertThat(rsa.violations()).isEqualTo(1);
        serverStillServes();
    }

    @Test
    void aPemKeyPastItsBoundIsDropped() throws Exception {
        try (SpecPeer p = SpecPeer.connect(rsa.port(), KvRsaExtension.PEER_KEYS)) {
            StringBuilder endless = new StringBuilder(SpecPeer.BEGIN).append('\n');
            while (endless.length() <= RsaFrontHandler.DEFAULT_MAX_PEM_BYTES) {
                endless.append("A".repeat(64)).append('\n');
            }
            p.sendRaw(endless.toString().getBytes(StandardCharsets.US_ASCII));
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        assertThat(rsa.violations()).isEqualTo(1);
        serverStillServes();
    }

    @Test
    void aBlockThatDoesNotDecryptErasesTheSession() throws Exception {
        try (SpecPeer p = sessionWithData("ann")) {
            // Raw RSA of block type 1 (a signature's padding) where PKCS#1 encryption puts type 2.
            byte[] type1 = new byte[64];
            type1[1] = 1;
            java.util.Arrays.fill(type1, 2, 56, (byte) 0xFF);
            Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
            raw.init(Cipher.ENCRYPT_MODE, p.peerKey());
            p.sendRaw(raw.doFinal(type1));
            p.send("GET k");
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
        assertThat(rsa.violations()).isEqualTo(1);
        serverStillServes();
    }

    @Test
    void aPartialBlockAtTheEndErasesTheSession() throws Exception {
        try (SpecPeer p = sessionWithData("bea")) {
            byte[] block = p.encrypt("GET k\n".getBytes(StandardCharsets.US_ASCII));
            p.sendRaw(java.util.Arrays.copyOf(block, 30));
            p.shutdownOutput();
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
        assertThat(rsa.violations()).isEqualTo(1);
        serverStillServes();
    }

    @Test
    void aMessagePastTheLimitErasesTheSession() throws Exception {
        int limit = rsa.server().config().limits().maxMessageBytes();
        try (SpecPeer p = sessionWithData("cat")) {
            p.send("PUT k2").send("x".repeat(limit + 100));
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
        assertThat(rsa.violations()).isEqualTo(1);
        serverStillServes();
    }

    @Test
    void aLongMessageSplitAcrossBlocksWithoutLfIsCutOffAtTheLimit() throws Exception {
        int limit = rsa.server().config().limits().maxMessageBytes();
        try (SpecPeer p = sessionWithData("dan")) {
            // Full pieces only, never an LF: the pending text must not grow past the limit.
            String full = "y".repeat(53);
            for (int sent = 0; sent <= limit; sent += 53) {
                p.sendRaw(p.encrypt(full.getBytes(StandardCharsets.US_ASCII)));
            }
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        rsa.awaitSessions(0);
    }
}
