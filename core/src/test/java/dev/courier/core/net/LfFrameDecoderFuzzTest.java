package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the shared LF framer: whatever the bytes and however they are split, it emits exactly the LF-ended
 * messages of the input (or fails the channel on one too long), holds no more than its limit, and leaks no
 * buffer. Regression inputs live under the test resources; {@code -Pfuzz} runs it for long.
 */
class LfFrameDecoderFuzzTest {
    private static final int MAX = 64;

    @FuzzTest(maxDuration = "10m")
    void framesMatchTheLfsOfTheInput(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX));
        List<byte[]> got = new ArrayList<>();
        boolean failed = false;
        // Split the input at a point the input itself chooses, so the fuzzer explores splits too.
        int cut = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        try {
            // Copies: the decoder's cumulation may compact a wrapped array in place, which would change the
            // input the expectation below is computed from.
            ch.writeInbound(Unpooled.copiedBuffer(input, 0, cut));
            drain(ch, got);
            ch.writeInbound(Unpooled.copiedBuffer(input, cut, input.length - cut));
            drain(ch, got);
        } catch (DecoderException e) {
            failed = true;
        }
        ch.finishAndReleaseAll();

        List<byte[]> expected = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        boolean tooLong = false;
        for (byte b : input) {
            if (b == '\n') {
                if (cur.size() + 1 > MAX) {
                    tooLong = true;
                    break;
                }
                expected.add(cur.toByteArray());
                cur.reset();
            } else {
                cur.write(b);
                if (cur.size() >= MAX) {
                    tooLong = true;
                    break;
                }
            }
        }
        assertThat(failed).isEqualTo(tooLong);
        assertThat(got).hasSizeLessThanOrEqualTo(expected.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(expected.get(i));
        }
        if (!failed) {
            assertThat(got).hasSameSizeAs(expected);
        }
    }

    private static void drain(EmbeddedChannel ch, List<byte[]> got) {
        ByteBuf m;
        while ((m = ch.readInbound()) != null) {
            byte[] b = new byte[m.readableBytes()];
            m.readBytes(b);
            m.release();
            got.add(b);
        }
    }
}
