package dev.courier.kv.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The splitter hands on whole TLS records, each followed by {@link RecordEnd}, however the bytes arrive. */
class TlsRecordSplitterTest {
    /** What reached the handler after the splitter: each buffer as hex, and "END" for each event. */
    private static final class Seen extends ChannelInboundHandlerAdapter {
        final List<String> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            events.add(ByteBufUtil.hexDump(b));
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt == RecordEnd.INSTANCE ? "END" : evt.toString());
        }
    }

    private static byte[] record(int type, int length, int fill) {
        byte[] r = new byte[5 + length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (length >> 8);
        r[4] = (byte) length;
        Arrays.fill(r, 5, r.length, (byte) fill);
        return r;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static List<String> split(byte[] input, int... cuts) {
        Seen seen = new Seen();
        EmbeddedChannel ch = new EmbeddedChannel(new TlsRecordSplitter(), seen);
        int from = 0;
        for (int cut : cuts) {
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, from, cut)));
            from = cut;
        }
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, from, input.length)));
        assertThat(ch.finish()).isFalse();
        return seen.events;
    }

    @Test
    void handsOnEachRecordWholeFollowedByItsEndAtEverySplit() {
        byte[] a = record(22, 3, 0xAA);
        byte[] b = record(23, 0, 0);
        byte[] c = record(23, 300, 0xCC);
        byte[] input = concat(a, b, c);
        List<String> expected = List.of(HexFormat.of().formatHex(a), "END", HexFormat.of().formatHex(b), "END",
                HexFormat.of().formatHex(c), "END");
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(split(input, cut)).as("split at %d", cut).isEqualTo(expected);
        }
        int[] everyByte = new int[input.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertThat(split(input, everyByte)).as("one byte at a time").isEqualTo(expected);
    }

    @Test
    void handsOnWhatIsNotTlsAsItIsForTheTlsHandlerToRefuse() {
        byte[] notTls = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(split(notTls)).containsExactly(HexFormat.of().formatHex(notTls));
        byte[] tooLong = record(23, 0, 0);
        tooLong[3] = (byte) 0xFF;
        assertThat(split(tooLong)).containsExactly(HexFormat.of().formatHex(tooLong));
    }
}
