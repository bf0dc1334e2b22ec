package dev.courier.kv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the KV request decoder: whatever the bytes, however they are split (the input picks up to two cut
 * points) and in either edition, it throws nothing (a violation is a {@link KvRequest.Violation} message, and
 * nothing follows it), holds at most one message plus a hash in its cumulation, emits only requests within the
 * limits, and releases every buffer it was given. Regression inputs live under the test resources; {@code -Pfuzz}
 * runs it for long.
 */
class KvRequestDecoderFuzzTest {
    private static final int MAX = 64;
    private static final Field CUMULATION;

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            CUMULATION = ByteToMessageDecoder.class.getDeclaredField("cumulation");
            CUMULATION.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void decodesAnyBytesWithoutThrowingHoldingOrLeaking(byte[] input) throws Exception {
        Edition edition = input.length > 0 && (input[0] & 1) == 1 ? Edition.RSA : Edition.TLS;
        int a = input.length < 2 ? 0 : (input[1] & 0xFF) % (input.length + 1);
        int b = input.length < 3 ? input.length : a + (input[2] & 0xFF) % (input.length - a + 1);
        KvRequestDecoder decoder = new KvRequestDecoder(MAX, edition);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<ByteBuf> given = new ArrayList<>();
        List<KvRequest> got = new ArrayList<>();
        for (int[] part : new int[][] {{0, a}, {a, b}, {b, input.length}}) {
            // Copies: Netty's cumulation may compact a wrapped array in place.
            ByteBuf buf = Unpooled.copiedBuffer(input, part[0], part[1] - part[0]);
            if (buf != Unpooled.EMPTY_BUFFER) {
                // The shared empty buffer is never released (its count stays 1).
                given.add(buf);
            }
            ch.writeInbound(buf);
            for (Object o; (o = ch.readInbound()) != null; ) {
                got.add((KvRequest) o);
            }
            ByteBuf held = (ByteBuf) CUMULATION.get(decoder);
            int holding = held == null ? 0 : held.readableBytes();
            assertThat(holding).as("bytes held").isLessThanOrEqualTo(MAX + KvRequestDecoder.HASH_BYTES);
        }
        ch.finishAndReleaseAll();
        for (ByteBuf buf : given) {
            assertThat(buf.refCnt()).as("every buffer given is released").isZero();
        }
        for (int i = 0; i < got.size(); i++) {
            KvRequest r = got.get(i);
            if (r instanceof KvRequest.Violation) {
                assertThat(i).as("nothing after a violation").isEqualTo(got.size() - 1);
            } else if (r instanceof KvRequest.Connect c) {
                assertThat(i).as("CONNECT comes first, once").isZero();
                assertThat(c.hash() == null).isEqualTo(edition == Edition.RSA);
                assertThat(KvRequestRules.validClientId(c.clientId())).isTrue();
            } else {
                assertThat(i).as("a command after CONNECT").isPositive();
                if (r instanceof KvRequest.Put p) {
                    assertThat(p.key().length() + 5).isLessThanOrEqualTo(MAX);
                    assertThat(p.value().length + 1).isLessThanOrEqualTo(MAX);
                }
            }
        }
    }
}
