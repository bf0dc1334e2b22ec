package dev.courier.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder tells its {@link LfFrameDecoder.Holding} what it holds of an unfinished message, and obeys it. */
class LfFrameDecoderHoldingTest {
    private static final int MAX = 64;

    /** Records every report; refuses more than {@code cap} bytes. */
    private static final class Recorder implements LfFrameDecoder.Holding {
        final List<Integer> reports = new ArrayList<>();
        final int cap;
        final Object marker;

        Recorder(int cap, Object marker) {
            this.cap = cap;
            this.marker = marker;
        }

        @Override
        public boolean holding(int bytes) {
            reports.add(bytes);
            return bytes <= cap;
        }

        @Override
        public Object refused() {
            return marker;
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void reportsTheUnfinishedMessageAfterEachReadAndZeroOnceItIsHandedOn() {
        Recorder r = new Recorder(MAX, "refused");
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX, null, r));
        ch.writeInbound(ascii("abc"));
        ch.writeInbound(ascii("defg"));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(ascii("h\nxy"));
        ByteBuf m = ch.readInbound();
        assertThat(m.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
        m.release();
        ch.writeInbound(ascii("\n"));
        ((ByteBuf) ch.readInbound()).release();
        // Reports only when the amount changes: 3, 7, then "xy" left (2), then nothing left (0).
        assertThat(r.reports).containsExactly(3, 7, 2, 0);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aRefusalEmitsTheMarkerThenDiscardsAndHoldsNothing() {
        Recorder r = new Recorder(5, "refused");
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX, null, r));
        ch.writeInbound(ascii("ok\nabcdefgh"));
        ByteBuf first = ch.readInbound();
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
        first.release();
        assertThat((Object) ch.readInbound()).isEqualTo("refused");
        ch.writeInbound(ascii("more\nand more\n"));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(r.reports).containsExactly(8, 0);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aRefusalWithoutMarkerFailsTheChannel() {
        Recorder r = new Recorder(5, null);
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX, null, r));
        assertThatThrownBy(() -> ch.writeInbound(ascii("abcdefgh"))).isInstanceOf(DecoderException.class);
        assertThat(r.reports).containsExactly(8, 0);
    }

    @Test
    void closingWithAnUnfinishedMessageReportsZero() {
        Recorder r = new Recorder(MAX, "refused");
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(MAX, null, r));
        ch.writeInbound(ascii("abc"));
        ch.finishAndReleaseAll();
        assertThat(r.reports).containsExactly(3, 0);
    }

    @Test
    void aMessageOverTheLimitLeavesNothingHeld() {
        Recorder r = new Recorder(MAX, "refused");
        EmbeddedChannel ch = new EmbeddedChannel(new LfFrameDecoder(8, n -> "too long", r));
        ch.writeInbound(ascii("abc"));
        ch.writeInbound(ascii("defghijk"));
        assertThat((Object) ch.readInbound()).isEqualTo("too long");
        assertThat(r.reports).containsExactly(3, 0);
    }
}
