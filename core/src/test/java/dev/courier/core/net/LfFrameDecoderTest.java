package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.testkit.Splits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LfFrameDecoderTest {
    private static final int MAX = 64;

    private static List<String> decodeEveryWay(byte[] input) {
        return decodeEveryWay(MAX, input);
    }

    private static List<String> decodeEveryWay(int max, byte[] input) {
        return Splits.decodeEveryWay(() -> new EmbeddedChannel(new LfFrameDecoder(max)), input,
                m -> ((ByteBuf) m).toString(StandardCharsets.ISO_8859_1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String repeat(char c, int n) {
        char[] a = new char[n];
        Arrays.fill(a, c);
        return new String(a);
    }

    @Test
    void cutsAtEveryLfHowEverTheStreamIsSplit() {
        assertThat(decodeEveryWay(bytes("one\ntwo words\n\nthree")))
                .containsExactly("one", "two words", "");
    }

    @Test
    void crIsData() {
        assertThat(decodeEveryWay(bytes("a\r\n\r\rb\r\n"))).containsExactly("a\r", "\r\rb\r");
    }

    @Test
    void keepsEveryByteValueOtherThanLf() {
        byte[] in = new byte[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (b != '\n') {
                in[n++] = (byte) b;
            }
        }
        in[n] = '\n';
        assertThat(decodeEveryWay(256, in)).singleElement()
                .isEqualTo(new String(in, 0, 255, StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptsAMessageOfExactlyTheLimitLfIncluded() {
        String m = repeat('x', MAX - 1);
        assertThat(decodeEveryWay(bytes(m + "\n" + m + "\n"))).containsExactly(m, m);
    }

    @Test
    void failsOnAMessageOneByteOverTheLimit() {
        String ok = repeat('y', 3);
        String over = repeat('x', MAX);
        assertThat(decodeEveryWay(bytes(ok + "\n" + over + "\nafter\n")))
                .containsExactly(ok, Splits.FAILED + "TooLongFrameException");
    }

    @Test
    void failsAsSoonAsTheLimitIsPassedWithoutWaitingForLf() {
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX));
        assertThat(Splits.decode(ch, List.of(bytes(repeat('x', MAX - 1))), m -> "message"))
                .as("one byte short of the limit and no LF yet: wait").isEmpty();
        ch = new EmbeddedChannel(new LfFrameDecoder(MAX));
        assertThat(Splits.decode(ch, List.of(bytes(repeat('x', MAX))), m -> "message"))
                .containsExactly(Splits.FAILED + "TooLongFrameException");
    }

    /** The marker a service that answers a long message gets instead of a failed channel. */
    private record TooLong(int max) {
    }

    @Test
    void withAMarkerALongMessageBecomesOneMarkerAndEverythingAfterIsDiscarded() {
        String ok = repeat('y', 3);
        String over = repeat('x', MAX);
        List<String> got = Splits.decodeEveryWay(() -> new EmbeddedChannel(new LfFrameDecoder(MAX, TooLong::new)),
                bytes(ok + "\n" + over + "\nafter\n" + repeat('z', 3 * MAX)),
                m -> m instanceof ByteBuf b ? b.toString(StandardCharsets.ISO_8859_1) : m.toString());
        assertThat(got).containsExactly(ok, new TooLong(MAX).toString());
    }

    @Test
    void withAMarkerAMessageOfExactlyTheLimitIsStillAMessage() {
        String m = repeat('x', MAX - 1);
        assertThat(Splits.decodeEveryWay(() -> new EmbeddedChannel(new LfFrameDecoder(MAX, TooLong::new)),
                bytes(m + "\n"), x -> ((ByteBuf) x).toString(StandardCharsets.ISO_8859_1))).containsExactly(m);
    }
}
