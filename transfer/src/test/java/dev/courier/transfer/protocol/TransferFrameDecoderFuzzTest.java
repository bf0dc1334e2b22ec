package dev.courier.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the transfer frame decoder as the receiver drives it: after each frame the receiver says what comes next
 * (a chunk of the size it picks, a trailer, a first frame, or nothing yet). Whatever the bytes and however they are
 * split (in two, and in up to 256 small pieces), the frames are the same as when
 * the input comes whole, every chunk has the size asked for, the decoder
 * never throws and never buffers more than the frame it waits for (or its hold slack) plus one write, and no
 * buffer leaks. Regression inputs live under the test resources; {@code -Pfuzz} runs it for long.
 */
class TransferFrameDecoderFuzzTest {
    private static final HexFormat HEX = HexFormat.of();
    private static ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    static void trackLeaksCheaply() {
        // Paranoid tracking (this module's default) would make each run ten times slower; every frame here is
        // released, and finishAndReleaseAll() below says whether anything was left over.
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterAll
    static void restoreLeakTracking() {
        ResourceLeakDetector.setLevel(leakLevel);
    }

    /** Bytes at the start of a fuzz input that set the decoder and the split; the rest is what the sender sent. */
    static final int SETTINGS = 6;

    /**
     * Input: trailer limit (16 + byte 0), hold slack (byte 1 % 101), chunk seed (1 + bytes 2-3 % 3000), split point
     * (bytes 4-5, modulo the length), then the sender's bytes.
     */
    @FuzzTest(maxDuration = "10m")
    void framesDoNotDependOnHowTheBytesAreSplit(byte[] data) {
        if (data == null || data.length < SETTINGS) {
            return;
        }
        int maxTrailer = 16 + (data[0] & 0xFF);
        int slack = (data[1] & 0xFF) % 101;
        int chunkSeed = 1 + ((data[2] & 0xFF) << 8 | data[3] & 0xFF) % 3000;
        int cut = (data[4] & 0xFF) << 8 | data[5] & 0xFF;
        byte[] input = java.util.Arrays.copyOfRange(data, SETTINGS, data.length);
        cut = cut % (input.length + 1);

        List<String> whole = decode(input, List.of(input.length), maxTrailer, slack, chunkSeed);
        List<String> split = decode(input, List.of(cut, input.length - cut), maxTrailer, slack, chunkSeed);
        assertThat(split).isEqualTo(whole);
        // And in small pieces (byte by byte for short inputs): every header and chunk boundary split somewhere.
        int step = Math.max(1, input.length / 256);
        List<Integer> small = new ArrayList<>();
        for (int at = 0; at < input.length; at += step) {
            small.add(Math.min(step, input.length - at));
        }
        assertThat(decode(input, small, maxTrailer, slack, chunkSeed)).isEqualTo(whole);
    }

    /**
     * Feeds {@code input} in pieces of the given sizes through a decoder driven by a receiver whose choices depend
     * only on the frames (so any split must give the same frames), checking each frame and the buffering.
     */
    private static List<String> decode(byte[] input, List<Integer> pieces, int maxTrailer, int slack, int chunkSeed) {
        TransferFrameDecoder decoder = new TransferFrameDecoder(maxTrailer, slack);
        List<String> out = new ArrayList<>();
        int[] asked = {-1};
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                TransferFrame f = (TransferFrame) msg;
                out.add(describe(f, asked[0]));
                next(decoder, f, chunkSeed, asked);
            }
        });
        int at = 0;
        for (int n : pieces) {
            ch.writeInbound(Unpooled.copiedBuffer(input, at, n));
            at += n;
            int bound = Math.max(Math.max(decoder.expectedFrameBytes(), maxTrailer), slack);
            assertThat(decoder.buffered()).isLessThanOrEqualTo(Math.max(bound, TransferProtocol.FIRST_FRAME_BYTES) + n);
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
        return out;
    }

    /** The receiver's next expectation, from the frame alone: sizes and CRCs pick chunk sizes and turns. */
    private static void next(TransferFrameDecoder decoder, TransferFrame f, int chunkSeed, int[] asked) {
        if (f instanceof TransferFrame.First x) {
            if (x.size() <= TransferProtocol.FIRST_CHUNK_BYTES) {
                decoder.expectTrailer();
            } else {
                asked[0] = (int) Math.min(x.size() - TransferProtocol.FIRST_CHUNK_BYTES, chunkSeed);
                decoder.expectChunk(asked[0]);
            }
        } else if (f instanceof TransferFrame.Next x) {
            switch (Math.floorMod(x.crc(), 4)) {
                case 0 -> decoder.expectTrailer();
                case 1 -> decoder.expectFirst();
                case 2 -> {
                    // Left holding: the sender must wait, and bytes beyond the slack are a violation.
                }
                default -> {
                    asked[0] = 1 + Math.floorMod(x.crc() >>> 8, chunkSeed);
                    decoder.expectChunk(asked[0]);
                }
            }
        } else if (f instanceof Trailer) {
            decoder.expectFirst();
        }
    }

    private static String describe(TransferFrame f, int asked) {
        if (f instanceof TransferFrame.First x) {
            assertThat(x.size()).isNotNegative();
            assertThat(x.chunk().readableBytes()).isEqualTo(TransferProtocol.firstChunkBytes(x.size()));
            String s = "FIRST " + x.size() + " " + HEX.formatHex(x.sha256()) + " " + x.crc() + " "
                    + ByteBufUtil.hexDump(x.chunk());
            x.chunk().release();
            return s;
        }
        if (f instanceof TransferFrame.Next x) {
            assertThat(x.chunk().readableBytes()).isEqualTo(asked);
            String s = "NEXT " + x.crc() + " " + ByteBufUtil.hexDump(x.chunk());
            x.chunk().release();
            return s;
        }
        return f.toString();
    }
}
