package dev.courier.transfer.protocol;

import static dev.courier.transfer.TestBytes.concat;
import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.letters;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Test;

/**
 * Courier's extension lines through the frame decoder: every input fed whole, split at every byte position and
 * byte by byte must give the same frames; and the limits and refusals of a line.
 */
class ExtensionLineTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Bytes the decoder holds, unread, after a line until told what comes next. */
    private static final int HOLD_SLACK = 4096;

    private static List<String> decode(List<byte[]> parts, List<Consumer<TransferFrameDecoder>> script) {
        TransferFrameDecoder decoder = new TransferFrameDecoder(TransferProtocol.MAX_TRAILER_BYTES, HOLD_SLACK);
        List<String> out = new ArrayList<>();
        ArrayDeque<Consumer<TransferFrameDecoder>> steps = new ArrayDeque<>(script);
        EmbeddedChannel ch = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof TransferFrame.First f) {
                    out.add("FIRST " + f.size() + " " + ByteBufUtil.hexDump(f.chunk()));
                    f.chunk().release();
                } else {
                    out.add(msg.toString());
                }
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

    /** The frames of {@code input}, asserted the same whole, at every split into two, and byte by byte. */
    private static List<String> everySplit(byte[] input, List<Consumer<TransferFrameDecoder>> script) {
        List<String> whole = decode(List.of(input), script);
        for (int i = 1; i < input.length; i++) {
            List<byte[]> parts = List.of(Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i, input.length));
            assertThat(decode(parts, script)).as("split at %d", i).isEqualTo(whole);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : input) {
            bytes.add(new byte[] {b});
        }
        assertThat(decode(bytes, script)).as("byte by byte").isEqualTo(whole);
        return whole;
    }

    private static byte[] line(String words) {
        return concat(new byte[] {(byte) 0xFF}, (words + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String violation(String reason) {
        return new TransferFrame.Violation(reason).toString();
    }

    @Test
    void aLineThenAMessageAtEverySplit() {
        byte[] body = letters(5);
        byte[] input = concat(line("AUTH s3cr3t-t0ken"), line("RESUME 5 ab%20c"), firstFrame(5, sha256(body), body),
                "TEXT\r\n".getBytes(StandardCharsets.US_ASCII), line("NOOP"));
        List<String> frames = everySplit(input, List.of(TransferFrameDecoder::expectFirst,
                TransferFrameDecoder::expectFirst, TransferFrameDecoder::expectTrailer,
                TransferFrameDecoder::expectFirst));
        assertThat(frames).containsExactly(
                ExtensionLine.of("AUTH", "s3cr3t-t0ken").toString(),
                ExtensionLine.of("RESUME", "5", "ab%20c").toString(),
                "FIRST 5 " + HEX.formatHex(body),
                Trailer.TEXT.toString(),
                ExtensionLine.of("NOOP").toString());
    }

    @Test
    void theDecoderHoldsAfterALineUntilTold() {
        byte[] body = letters(3);
        List<String> frames = decode(List.of(concat(line("AUTH x"), firstFrame(3, sha256(body), body))), List.of());
        assertThat(frames).containsExactly(ExtensionLine.of("AUTH", "x").toString());
    }

    @Test
    void encodeIsTheBytesTheDecoderReads() {
        ExtensionLine l = ExtensionLine.of("RESUME", "123", "0123abcd", "na%C3%AFve.txt");
        assertThat(new String(l.encode(), StandardCharsets.ISO_8859_1))
                .isEqualTo("\u00ffRESUME 123 0123abcd na%C3%AFve.txt\r\n");
        assertThat(everySplit(l.encode(), List.of())).containsExactly(l.toString());
        assertThat(l.arg(2)).isEqualTo("na%C3%AFve.txt");
        assertThat(l.arg(3)).isNull();
    }

    @Test
    void theLongestLinePassesAndOneByteMoreIsRefused() {
        String longest = "TREE " + "a".repeat(TransferProtocol.MAX_EXTENSION_BYTES - 8);
        assertThat(line(longest)).hasSize(TransferProtocol.MAX_EXTENSION_BYTES);
        assertThat(decode(List.of(line(longest)), List.of())).containsExactly(
                ExtensionLine.of("TREE", "a".repeat(TransferProtocol.MAX_EXTENSION_BYTES - 8)).toString());
        byte[] tooLong = line(longest + "a");
        assertThat(everySplit(tooLong, List.of()))
                .containsExactly(violation("bad extension: longer than 2038 bytes"));
        // Without any line break, the refusal comes once the limit is reached, not at the end of the stream.
        byte[] endless = concat(new byte[] {(byte) 0xFF}, letters(4000));
        assertThat(decode(List.of(endless), List.of()))
                .containsExactly(violation("bad extension: longer than 2038 bytes"));
        assertThatThrownBy(() -> ExtensionLine.of("TREE", "a".repeat(TransferProtocol.MAX_EXTENSION_BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 2038");
    }

    @Test
    void bytesOutsidePrintableAsciiAreRefused() {
        for (int b : new int[] {0x00, 0x09, 0x1F, 0x7F, 0x80, 0xC3, 0xFF}) {
            byte[] input = line("AUTH ab" + (char) b + "cd");
            assertThat(everySplit(input, List.of())).as("byte %02x", b)
                    .containsExactly(violation("bad extension: bytes outside 0x20-0x7E"));
        }
        assertThatThrownBy(() -> ExtensionLine.of("AUTH", "caf\u00e9"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedLinesAreRefused() {
        assertThat(everySplit(line(""), List.of())).containsExactly(violation("bad extension: no verb"));
        assertThat(everySplit(line(" AUTH x"), List.of())).containsExactly(violation("bad extension: no verb"));
        assertThat(everySplit(line("AUTH  x"), List.of()))
                .containsExactly(violation("bad extension: words must be separated by single spaces"));
        assertThat(everySplit(line("AUTH x "), List.of()))
                .containsExactly(violation("bad extension: words must be separated by single spaces"));
        byte[] bareLf = concat(new byte[] {(byte) 0xFF}, "AUTH x\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(everySplit(bareLf, List.of())).containsExactly(violation("bad extension: not ended by CR LF"));
        byte[] onlyLf = {(byte) 0xFF, '\n'};
        assertThat(everySplit(onlyLf, List.of())).containsExactly(violation("bad extension: not ended by CR LF"));
    }

    @Test
    void anUnknownVerbIsALineTheReceiverRefusesNotTheDecoder() {
        assertThat(everySplit(line("FROBNICATE 1 2"), List.of()))
                .containsExactly(ExtensionLine.of("FROBNICATE", "1", "2").toString());
    }

    @Test
    void nothingIsDecodedAfterABadLine() {
        byte[] body = letters(3);
        assertThat(decode(List.of(concat(line("AUTH\tx"), firstFrame(3, sha256(body), body))), List.of()))
                .containsExactly(violation("bad extension: bytes outside 0x20-0x7E"));
    }

    @Test
    void okRepliesParseAndPrint() {
        assertThat(TransferReply.parse("OK")).isEqualTo(new TransferReply.Ok(""));
        assertThat(TransferReply.parse("OK 1234")).isEqualTo(new TransferReply.Ok("1234"));
        assertThat(new TransferReply.Ok("12 a%20b").line()).isEqualTo("OK 12 a%20b\r\n");
        assertThat(new TransferReply.Ok(null).line()).isEqualTo("OK\r\n");
    }
}
