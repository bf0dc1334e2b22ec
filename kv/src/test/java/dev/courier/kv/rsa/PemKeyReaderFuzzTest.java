package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.interfaces.RSAPublicKey;

/**
 * Fuzzes the reader of the peer's PEM key: whatever the bytes and however they are split, it returns a key, asks
 * for more while it holds less than its bound, or fails with {@link RsaProtocolException}: never another
 * exception, never more than its bound held. A key it returns is one the edition accepts.
 */
class PemKeyReaderFuzzTest {
    private static final int MAX = RsaFrontHandler.DEFAULT_MAX_PEM_BYTES / 8;

    @FuzzTest(maxDuration = "10m")
    void readsAKeyOrFailsCleanly(byte[] input) {
        int cut = input.length == 0 ? 0 : (input[0] & 0xFF) * input.length / 256;
        PemKeyReader reader = new PemKeyReader(MAX);
        ByteBuf in = Unpooled.buffer();
        try {
            for (int[] part : new int[][] {{0, cut}, {cut, input.length}}) {
                in.writeBytes(input, part[0], part[1] - part[0]);
                RSAPublicKey key = reader.read(in);
                if (key != null) {
                    assertThat(key.getModulus().bitLength()).isBetween(RsaKeys.MIN_PEER_BITS, RsaKeys.MAX_BITS);
                    return;
                }
                assertThat(in.readableBytes()).as("asks for more only below its bound").isLessThan(MAX);
            }
        } catch (RsaProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } finally {
            in.release();
        }
    }
}
