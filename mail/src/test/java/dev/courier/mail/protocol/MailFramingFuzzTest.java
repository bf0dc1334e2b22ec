package dev.courier.mail.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.courier.core.net.LfFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes mail's framing (core's LF framer with a {@link MailRequest.TooLong} marker): whatever the bytes and however they are split, it emits exactly the LF-ended lines
 * of the input, then at most one {@link MailRequest.TooLong} after which nothing more, and leaks no buffer.
 */
class MailFramingFuzzTest {
    private static final int MAX = 64;

    @FuzzTest(maxDuration = "10m")
    void linesMatchTheLfsOfTheInput(byte[] input) {
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX, MailRequest.TooLong::new));
        List<Object> got = new ArrayList<>();
        // Split at points the input chooses, so the fuzzer explores splits too.
        int cut1 = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        int cut2 = input.length < 2 ? cut1 : Math.max(cut1, (input[1] & 0xFF) * 7 % (input.length + 1));
        // Copies: the cumulation may compact a wrapped array in place, changing the input the expectation reads.
        ch.writeInbound(Unpooled.copiedBuffer(input, 0, cut1));
        drain(ch, got);
        ch.writeInbound(Unpooled.copiedBuffer(input, cut1, cut2 - cut1));
        drain(ch, got);
        ch.writeInbound(Unpooled.copiedBuffer(input, cut2, input.length - cut2));
        drain(ch, got);
        ch.finishAndReleaseAll();

        List<Object> expected = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        for (byte b : input) {
            if (b == '\n') {
                expected.add(new String(cur.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1));
                cur.reset();
                continue;
            }
            cur.write(b);
            if (cur.size() >= MAX) {
                // Not even the LF fits any more: the line is too long, and nothing after it is read.
                expected.add(new MailRequest.TooLong(MAX));
                break;
            }
        }
        assertThat(got).isEqualTo(expected);
    }

    private static void drain(EmbeddedChannel ch, List<Object> got) {
        Object m;
        while ((m = ch.readInbound()) != null) {
            if (m instanceof ByteBuf b) {
                assertThat(b.readableBytes()).isLessThan(MAX);
                got.add(b.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
                b.release();
            } else {
                got.add(m);
            }
        }
    }
}
