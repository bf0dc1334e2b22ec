package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

class RsaBlockCodecTest {
    private static final KeyPair SERVER = RsaTestSupport.SERVER_KEYS;
    private static final KeyPair CLIENT = RsaTestSupport.CLIENT_KEYS;
    private static final RSAPublicKey SERVER_PUB = (RSAPublicKey) SERVER.getPublic();

    /** The server's codec: decrypts under the server key, encrypts for the client. */
    private static RsaBlockCodec server() {
        return new RsaBlockCodec(SERVER.getPrivate(), (RSAPublicKey) CLIENT.getPublic());
    }

    private static String decryptBlocks(RsaBlockCodec codec, byte[] blocks) {
        ByteBuf in = Unpooled.wrappedBuffer(blocks);
        ByteBuf out = Unpooled.buffer();
        while (in.readableBytes() >= codec.blockBytes()) {
            codec.decryptBlock(in, out);
        }
        assertThat(in.isReadable()).isFalse();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The pieces the client would see, one per block, decrypted by the JDK alone. */
    private static List<String> pieces(ByteBuf blocks) {
        byte[] all = ByteBufUtil.getBytes(blocks);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.length; i += 64) {
            byte[] b = java.util.Arrays.copyOfRange(all, i, i + 64);
            out.add(new String(SpecPeer.decrypt(b, CLIENT.getPrivate()), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static List<String> encrypt(RsaBlockCodec codec, String text) {
        ByteBuf out = Unpooled.buffer();
        codec.encrypt(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1), out);
        return pieces(out);
    }

    @Test
    void cutsAtLfAndAtKMinus11AndNeverSharesABlockBetweenMessages() {
        RsaBlockCodec codec = server();
        String fifty2 = "x".repeat(52);
        String fifty3 = "y".repeat(53);
        assertThat(encrypt(codec, "CONNECT: OK\nPUT: OK\n")).containsExactly("CONNECT: OK\n", "PUT: OK\n");
        assertThat(encrypt(codec, fifty2 + "\n")).containsExactly(fifty2 + "\n");
        assertThat(encrypt(codec, fifty3 + "\n")).containsExactly(fifty3, "\n");
        assertThat(encrypt(codec, "z".repeat(120) + "\nok\n"))
                .containsExactly("z".repeat(53), "z".repeat(53), "z".repeat(14) + "\n", "ok\n");
        assertThat(codec.heldBack()).isZero();
    }

    @Test
    void holdsBackTheStartOfAMessageUntilItsLfOrAFullPiece() {
        RsaBlockCodec codec = server();
        // Sent now, "GET: ERR" would be a short LF-free block: a whole message to the receiver.
        assertThat(encrypt(codec, "PUT: OK\nGET: ERR")).containsExactly("PUT: OK\n");
        assertThat(codec.heldBack()).isEqualTo(8);
        assertThat(encrypt(codec, "OR\n")).containsExactly("GET: ERROR\n");
        assertThat(encrypt(codec, "a".repeat(50))).isEmpty();
        assertThat(encrypt(codec, "b".repeat(10) + "\n")).containsExactly("a".repeat(50) + "bbb", "b".repeat(7) + "\n");
    }

    @Test
    void aShortBlockWithoutLfIsAWholeMessage() {
        RsaBlockCodec codec = new RsaBlockCodec(SERVER.getPrivate(), (RSAPublicKey) CLIENT.getPublic());
        String full = "f".repeat(53);
        byte[] blocks = RsaTestSupport.blocks(SERVER_PUB,
                "CONNECT alice",          // short, no LF: the original program's message
                "PUT k\nv",               // short, has an LF: cut there, "v" goes on
                "\n",
                full,                     // a full piece without LF: the message goes on
                "end",                    // short, no LF: ends it
                "",                       // an empty short block: an empty message
                full.substring(1) + "\n");
        assertThat(decryptBlocks(codec, blocks)).isEqualTo(
                "CONNECT alice\nPUT k\nv\n" + full + "end\n\n" + full.substring(1) + "\n");
    }

    @Test
    void aBlockThatDoesNotDecryptIsRefused() throws Exception {
        RsaBlockCodec codec = server();
        // Both are certain failures; a block under another key fails only almost always.
        byte[] allOnes = new byte[64];
        java.util.Arrays.fill(allOnes, (byte) 0xFF);
        // Block type 1 (a signature's padding) where type 2 is due: raw RSA over a hand-padded message.
        byte[] type1 = new byte[64];
        type1[1] = 1;
        java.util.Arrays.fill(type1, 2, 56, (byte) 0xFF);
        System.arraycopy("GET k\n".getBytes(StandardCharsets.US_ASCII), 0, type1, 58, 6);
        Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding");
        raw.init(Cipher.ENCRYPT_MODE, SERVER_PUB);
        byte[] badPadding = raw.doFinal(type1);
        for (byte[] bad : new byte[][] {allOnes, badPadding}) {
            assertThatThrownBy(() -> decryptBlocks(codec, bad)).isInstanceOf(RsaProtocolException.class)
                    .hasMessageContaining("does not decrypt");
        }
    }
}
