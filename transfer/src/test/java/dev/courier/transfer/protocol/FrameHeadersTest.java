package dev.courier.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameHeadersTest {
    @Test
    void firstHeaderIsFiftyBytesInTheSpecsOrder() {
        byte[] sha = new byte[32];
        for (int i = 0; i < 32; i++) {
            sha[i] = (byte) (0xE0 + i);
        }
        byte[] h = FrameHeaders.first(0x0102030405060708L, sha, 0xA1B2C3D4);
        assertThat(h).hasSize(50);
        assertThat(java.util.Arrays.copyOfRange(h, 0, 10))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, '\r', '\n');
        assertThat(java.util.Arrays.copyOfRange(h, 10, 42)).isEqualTo(sha);
        assertThat(java.util.Arrays.copyOfRange(h, 42, 50))
                .containsExactly('\r', '\n', 0xA1 - 256, 0xB2 - 256, 0xC3 - 256, 0xD4 - 256, '\r', '\n');
    }

    @Test
    void sizeZeroAndTheLargestSizeAreWrittenBigEndian() {
        byte[] sha = new byte[32];
        assertThat(java.util.Arrays.copyOfRange(FrameHeaders.first(0, sha, 0), 0, 8)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(FrameHeaders.first(Long.MAX_VALUE, sha, 0), 0, 8))
                .containsExactly(0x7F, -1, -1, -1, -1, -1, -1, -1);
        assertThatThrownBy(() -> FrameHeaders.first(-1, sha, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameHeaders.first(1, new byte[31], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void laterHeaderIsCrcThenCrLf() {
        assertThat(FrameHeaders.next(0x01020304)).containsExactly(1, 2, 3, 4, '\r', '\n');
    }

    @Test
    void crcIsZlibCrc32() {
        // The standard check value of CRC-32 (zlib, PKZIP): crc32("123456789") = 0xCBF43926.
        var b = Unpooled.copiedBuffer("123456789", StandardCharsets.US_ASCII);
        assertThat(FrameHeaders.crc(b)).isEqualTo(0xCBF43926);
        assertThat(b.readerIndex()).isZero();
        var composite = Unpooled.wrappedBuffer(Unpooled.copiedBuffer("1234", StandardCharsets.US_ASCII),
                Unpooled.copiedBuffer("56789", StandardCharsets.US_ASCII));
        assertThat(FrameHeaders.crc(composite)).isEqualTo(0xCBF43926);
        b.release();
        composite.release();
    }
}
