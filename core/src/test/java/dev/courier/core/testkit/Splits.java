package dev.courier.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds a decoder the same bytes cut in every way a stream may cut them (whole, every 2-way split, byte by byte)
 * and checks each way decodes to the same messages.
 */
public final class Splits {
    /** What a decoder threw, in the place of a message; feeding stops there, as the connection would close. */
    public static final String FAILED = "FAILED:";

    private Splits() {
    }

    /**
     * Decodes {@code input} every way and asserts all ways agree; returns the messages of the whole input, each
     * turned into comparable text by {@code canon} (which must not keep the message: it is released after).
     */
    public static List<String> decodeEveryWay(Supplier<EmbeddedChannel> channels, byte[] input,
                                              Function<Object, String> canon) {
        List<String> whole = decode(channels.get(), List.of(input), canon);
        for (int cut = 0; cut <= input.length; cut++) {
            List<byte[]> parts = List.of(Arrays.copyOfRange(input, 0, cut), Arrays.copyOfRange(input, cut, input.length));
            assertThat(decode(channels.get(), parts, canon)).as("input cut at byte %d", cut).isEqualTo(whole);
        }
        List<byte[]> bytes = new ArrayList<>(input.length);
        for (byte b : input) {
            bytes.add(new byte[] {b});
        }
        assertThat(decode(channels.get(), bytes, canon)).as("input fed byte by byte").isEqualTo(whole);
        return whole;
    }

    /** Feeds {@code chunks} in order into {@code ch}, then ends the input; returns every message it produced. */
    public static List<String> decode(EmbeddedChannel ch, List<byte[]> chunks, Function<Object, String> canon) {
        List<String> out = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                ch.writeInbound(Unpooled.wrappedBuffer(chunk));
                drain(ch, out, canon);
            }
            ch.finish();
            drain(ch, out, canon);
        } catch (RuntimeException e) {
            drain(ch, out, canon);
            out.add(FAILED + e.getClass().getSimpleName());
        } finally {
            ch.finishAndReleaseAll();
        }
        return out;
    }

    private static void drain(EmbeddedChannel ch, List<String> out, Function<Object, String> canon) {
        Object m;
        while ((m = ch.readInbound()) != null) {
            try {
                out.add(canon.apply(m));
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
    }
}
