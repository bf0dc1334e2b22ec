package dev.courier.transfer.protocol;

import static dev.courier.transfer.TestBytes.concat;
import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.letters;
import static dev.courier.transfer.TestBytes.nextFrame;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every input is fed whole, split at every byte position, and byte by byte: the frames must not change. */
class TransferFrameDecoderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    static void trackLeaksCheaply() {
        // Paranoid tracking of the thousands of split inputs would take minutes; every frame here is released.
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterAll
    static void restoreLeakTracking() {
        ResourceLeakDetector.setLevel(leakLevel);
    }

    /** Feeds {@code parts}; after each frame the next step of {@code script} tells the decoder what comes next. */
    private static List<String> decode(List<byte[]> parts, List<Consumer<TransferFrameDecoder>> script, int slack) {
        TransferFrameDecoder decoder = new TransferFrameDecoder(TransferProtocol.MAX_TRAILER_BYTES, slack);
        List<String> out = new ArrayList<>();
        ArrayDeque<Consumer<TransferFrameDecoder>> steps = new ArrayDeque<>(script);
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                out.add(describe((TransferFrame) msg));
                if (!steps.isEmpty()) {
                    steps.poll().accept(decoder);
                }
            }
        });
        for (byte[] p : parts) {
            ch.writeInbound(Unpooled.wrappedBuffer(p));
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static String describe(TransferFrame f) {
        if (f instanceof TransferFrame.First x) {
            String s = "FIRST " + x.size() + " " + HEX.formatHex(x.sha256()) + " " + Integer.toHexString(x.crc())
                    + " " + ByteBufUtil.hexDump(x.chunk());
            x.chunk().release();
            return s;
        }
        if (f instanceof TransferFrame.Next x) {
            String s = "NEXT " + Integer.toHexString(x.crc()) + " " + ByteBufUtil.hexDump(x.chunk());
            x.chunk().release();
            return s;
        }
        return f.toString();
    }

    /** Asserts the same frames come out whole, at every split into two, and byte by byte. */
    private static List<String> everySplit(byte[] input, List<Consumer<TransferFrameDecoder>> script, int slack) {
        List<String> whole = decode(List.of(input), script, slack);
        for (int i = 1; i < input.length; i++) {
            List<byte[]> parts = List.of(Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, input.length));
            assertThat(decode(parts, script, slack)).as("split at %d", i).isEqualTo(whole);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : input) {
            bytes.add(new byte[] {b});
        }
        assertThat(decode(bytes, script, slack)).as("byte by byte").isEqualTo(whole);
        return whole;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void twoMessagesOfEveryFrameKind() {
        byte[] body = letters(2003);
        byte[] sha = sha256(body);
        byte[] input = concat(firstFrame(2003, sha, body), nextFrame(body, 1998, 5), ascii("FILE caf%C3%A9\r\n"),
                firstFrame(0, sha256(new byte[0]), new byte[0]), ascii("TEXT\r\n"));
        List<String> frames = everySplit(input, List.of(d -> d.expectChunk(5), TransferFrameDecoder::expectTrailer,
                TransferFrameDecoder::expectFirst, TransferFrameDecoder::expectTrailer, TransferFrameDecoder::hold), 16);
        assertThat(frames).hasSize(5);
        assertThat(frames.get(0)).startsWith("FIRST 2003 " + HEX.formatHex(sha) + " ")
                .endsWith(" " + HEX.formatHex(Arrays.copyOf(body, 1998)));
        assertThat(frames.get(1)).isEqualTo("NEXT " + Integer.toHexString(dev.courier.transfer.TestBytes.crc(body,
                1998, 2003)) + " " + HEX.formatHex(Arrays.copyOfRange(body, 1998, 2003)));
        assertThat(frames.get(2)).isEqualTo(new Trailer.File("café").toString());
        assertThat(frames.get(3)).startsWith("FIRST 0 ").endsWith(" ");
        assertThat(frames.get(4)).isEqualTo(Trailer.TEXT.toString());
    }

    @Test
    void firstFrameCarriesAtMost1998Bytes() {
        byte[] body = letters(1999);
        List<String> frames = everySplit(concat(firstFrame(1999, sha256(body), body), nextFrame(body, 1998, 1)),
                List.of(d -> d.expectChunk(1), TransferFrameDecoder::hold), 16);
        assertThat(frames.get(0)).endsWith(HEX.formatHex(Arrays.copyOf(body, 1998)));
        assertThat(frames.get(1)).endsWith(" " + HEX.formatHex(new byte[] {body[1998]}));
    }

    @Test
    void resentFramesAfterNacksAreDecodedAgain() {
        byte[] body = letters(10);
        byte[] first = firstFrame(10, sha256(body), body);
        List<String> frames = everySplit(concat(first, first, ascii("JSON\r\n")),
                List.of(TransferFrameDecoder::expectFirst, TransferFrameDecoder::expectTrailer), 0);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo(frames.get(1));
    }

    @Test
    void headerWithoutItsLineBreaksIsAViolation() {
        byte[] frame = firstFrame(3, new byte[32], letters(3));
        frame[43] = ' ';
        assertThat(everySplit(frame, List.of(), 0))
                .containsExactly(new TransferFrame.Violation("bad header: CR LF missing after size, SHA-256 or CRC-32")
                        .toString());
    }

    @Test
    void sizeWithTheTopBitSetIsAViolation() {
        byte[] frame = firstFrame(3, new byte[32], letters(3));
        frame[0] = (byte) 0x80;
        assertThat(everySplit(frame, List.of(), 0))
                .containsExactly(new TransferFrame.Violation("bad header: size beyond 2^63-1").toString());
    }

    @Test
    void laterFrameWithoutItsLineBreakIsAViolation() {
        byte[] body = letters(2000);
        byte[] next = nextFrame(body, 1998, 2);
        next[5] = 'x';
        List<String> frames = everySplit(concat(firstFrame(2000, sha256(body), body), next),
                List.of(d -> d.expectChunk(2)), 0);
        assertThat(frames.get(1)).contains("CR LF missing after CRC-32");
    }

    @Test
    void trailerLongerThanItsLimitIsAViolationButTheLimitItselfPasses() {
        byte[] longest = ascii("FILE " + "a".repeat(TransferProtocol.MAX_TRAILER_BYTES - 7) + "\r\n");
        assertThat(longest).hasSize(TransferProtocol.MAX_TRAILER_BYTES);
        List<String> ok = decode(List.of(concat(firstFrame(0, new byte[32], new byte[0]), longest)),
                List.of(TransferFrameDecoder::expectTrailer), 0);
        assertThat(ok.get(1)).startsWith("File[name=aaa");
        byte[] tooLong = ascii("FILE " + "a".repeat(TransferProtocol.MAX_TRAILER_BYTES - 6) + "\r\n");
        List<String> bad = decode(List.of(concat(firstFrame(0, new byte[32], new byte[0]), tooLong)),
                List.of(TransferFrameDecoder::expectTrailer), 0);
        assertThat(bad.get(1)).contains("trailer longer than 2038 bytes");
    }

    @Test
    void trailerEndedByABareLineFeedIsAViolation() {
        List<String> frames = everySplit(concat(firstFrame(0, new byte[32], new byte[0]), ascii("TEXT\n")),
                List.of(TransferFrameDecoder::expectTrailer), 0);
        assertThat(frames.get(1)).contains("not ended by CR LF");
    }

    @Test
    void unknownTrailerIsAViolation() {
        List<String> frames = everySplit(concat(firstFrame(0, new byte[32], new byte[0]), ascii("NOPE\r\n")),
                List.of(TransferFrameDecoder::expectTrailer), 0);
        assertThat(frames.get(1)).contains("bad trailer");
    }

    @Test
    void bytesSentAheadOfAReplyAreHeldUpToTheSlackThenRefused() {
        byte[] body = letters(4);
        byte[] first = firstFrame(4, sha256(body), body);
        assertThat(decode(List.of(concat(first, letters(16))), List.of(), 16)).hasSize(1);
        List<String> frames = decode(List.of(concat(first, letters(17))), List.of(), 16);
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).contains("without waiting for the reply");
    }

    @Test
    void nothingIsDecodedAfterAViolation() {
        byte[] bad = firstFrame(3, new byte[32], letters(3));
        bad[9] = 0;
        byte[] good = firstFrame(0, new byte[32], new byte[0]);
        assertThat(decode(List.of(bad, good, good), List.of(), 0)).hasSize(1);
    }

    @Test
    void heldChunkBytesAreNotCopiedOut() {
        ByteBuf in = Unpooled.wrappedBuffer(firstFrame(5, new byte[32], letters(5)));
        EmbeddedChannel ch = new EmbeddedChannel(new TransferFrameDecoder(2038, 0));
        ch.writeInbound(in);
        TransferFrame.First f = ch.readInbound();
        assertThat(f.chunk().readableBytes()).isEqualTo(5);
        assertThat(f.chunk().refCnt()).isPositive();
        f.chunk().release();
        ch.finishAndReleaseAll();
    }
}
