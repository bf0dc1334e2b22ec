package dev.courier.kv.rsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class PemKeyReaderTest {
    private static final RSAPublicKey KEY = (RSAPublicKey) RsaTestSupport.CLIENT_KEYS.getPublic();
    private static final byte[] PEM = RsaKeys.pemBytes(KEY);

    @Test
    void readsTheKeyAtItsEndLineHoweverTheBytesAreSplit() {
        byte[] stream = new byte[PEM.length + 3];
        System.arraycopy(PEM, 0, stream, 0, PEM.length);
        stream[PEM.length] = 7;
        stream[PEM.length + 1] = 8;
        stream[PEM.length + 2] = 9;
        for (int split = 0; split <= stream.length; split++) {
            PemKeyReader r = new PemKeyReader(RsaFrontHandler.DEFAULT_MAX_PEM_BYTES);
            ByteBuf in = Unpooled.buffer();
            in.writeBytes(stream, 0, split);
            RSAPublicKey key = r.read(in);
            if (split < PEM.length) {
                assertThat(key).as("split %d", split).isNull();
                in.writeBytes(stream, split, stream.length - split);
                key = r.read(in);
            } else {
                in.writeBytes(stream, split, stream.length - split);
            }
            assertThat(key).as("split %d", split).isEqualTo(KEY);
            assertThat(in.readableBytes()).as("bytes after the END line stay").isEqualTo(3);
            assertThat(in.readByte()).isEqualTo((byte) 7);
        }
    }

    @Test
    void readsByteByByte() {
        PemKeyReader r = new PemKeyReader(RsaFrontHandler.DEFAULT_MAX_PEM_BYTES);
        ByteBuf in = Unpooled.buffer();
        RSAPublicKey key = null;
        for (int i = 0; i < PEM.length; i++) {
            assertThat(key).isNull();
            in.writeByte(PEM[i]);
            key = r.read(in);
        }
        assertThat(key).isEqualTo(KEY);
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void refusesAFirstLineThatIsNotBegin() {
        PemKeyReader r = new PemKeyReader(RsaFrontHandler.DEFAULT_MAX_PEM_BYTES);
        ByteBuf in = Unpooled.copiedBuffer("-----BEGIN PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> r.read(in)).isInstanceOf(RsaProtocolException.class);
    }

    @Test
    void refusesAnotherEndLine() {
        PemKeyReader r = new PemKeyReader(RsaFrontHandler.DEFAULT_MAX_PEM_BYTES);
        String pem = new String(PEM, StandardCharsets.US_ASCII).replace(RsaKeys.END, "-----END PUBLIC KEY-----");
        ByteBuf in = Unpooled.copiedBuffer(pem, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> r.read(in)).isInstanceOf(RsaProtocolException.class).hasMessageContaining("ends");
    }

    @Test
    void givesUpAtItsBoundWithoutHoldingMore() {
        PemKeyReader r = new PemKeyReader(1024);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes((RsaKeys.BEGIN + "\n").getBytes(StandardCharsets.US_ASCII));
        int fed = in.readableBytes();
        while (fed < 1023) {
            in.writeByte('A');
            fed++;
            assertThat(r.read(in)).isNull();
        }
        in.writeByte('A');
        assertThatThrownBy(() -> r.read(in)).isInstanceOf(RsaProtocolException.class)
                .hasMessageContaining("within 1024 bytes");
    }
}
