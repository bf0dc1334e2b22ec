package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * Fuzzes the RSA edition's block codec: any k bytes given as a block decrypt to at most k-11 bytes of text (plus
 * the LF a short block stands for) or fail with {@link RsaProtocolException}; and any text sent through one side's
 * codec comes out of the other's unchanged, except what is held back until its message's LF.
 */
class RsaBlockCodecFuzzTest {
    private static final RsaBlockCodec SERVER = new RsaBlockCodec(RsaTestSupport.SERVER_KEYS.getPrivate(),
            (RSAPublicKey) RsaTestSupport.CLIENT_KEYS.getPublic());

    @FuzzTest(maxDuration = "10m")
    void anyBlockDecryptsOrFailsCleanly(byte[] input) {
        int k = SERVER.blockBytes();
        ByteBuf in = Unpooled.copiedBuffer(Arrays.copyOf(input, k));
        ByteBuf out = Unpooled.buffer();
        try {
            SERVER.decryptBlock(in, out);
            assertThat(out.readableBytes()).isLessThanOrEqualTo(k - RsaKeys.PADDING_BYTES + 1);
        } catch (RsaProtocolException expected) {
            assertThat(expected.getMessage()).contains("does not decrypt");
        } finally {
            in.release();
            out.release();
        }
    }

    @FuzzTest(maxDuration = "10m")
    void textComesThroughUnchanged(byte[] text) {
        RsaBlockCodec client = new RsaBlockCodec(RsaTestSupport.CLIENT_KEYS.getPrivate(),
                (RSAPublicKey) RsaTestSupport.SERVER_KEYS.getPublic());
        RsaBlockCodec server = new RsaBlockCodec(RsaTestSupport.SERVER_KEYS.getPrivate(),
                (RSAPublicKey) RsaTestSupport.CLIENT_KEYS.getPublic());
        ByteBuf plain = Unpooled.copiedBuffer(text);
        ByteBuf blocks = Unpooled.buffer();
        ByteBuf back = Unpooled.buffer();
        try {
            int n = client.encrypt(plain, blocks);
            assertThat(plain.isReadable()).isFalse();
            assertThat(blocks.readableBytes()).isEqualTo(n * client.peerBlockBytes());
            while (blocks.isReadable()) {
                server.decryptBlock(blocks, back);
            }
            int sent = text.length - client.heldBack();
            assertThat(ByteBufUtil.getBytes(back)).isEqualTo(Arrays.copyOf(text, sent));
        } finally {
            plain.release();
            blocks.release();
            back.release();
        }
    }
}
