package dev.courier.kv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KvReplyBatchEncoderTest {
    private static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
        }
    }

    @Test
    void repliesWrittenBeforeAFlushLeaveAsOneBufferInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvReplyBatchEncoder(Edition.TLS));
        ch.write(KvReply.Status.PUT_OK, ch.voidPromise());
        ch.write(new KvReply.Value(Wire.bytes("v"), 7), ch.voidPromise());
        ch.write(KvReply.Status.DELETE_OK, ch.voidPromise());
        assertThat((Object) ch.readOutbound()).as("nothing leaves before the flush").isNull();
        ch.flush();
        assertThat(text(ch.readOutbound())).isEqualTo("PUT: OK\nGET v\n7\nDELETE: OK\n");
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aWriteWithAFutureHandsOnEverythingGatheredWithIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvReplyBatchEncoder(Edition.TLS));
        ch.write(KvReply.Status.PUT_OK, ch.voidPromise());
        ChannelFuture last = ch.writeAndFlush(KvReply.Status.DISCONNECT_OK);
        assertThat(last.isSuccess()).isTrue();
        assertThat(text(ch.readOutbound())).isEqualTo("PUT: OK\nDISCONNECT: OK\n");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aLargeBatchIsHandedOnBeforeTheFlushSoWritabilitySeesIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvReplyBatchEncoder(Edition.TLS));
        byte[] value = Wire.bytes(Wire.repeat('x', 4000));
        int replies = 0;
        while (ch.unsafe().outboundBuffer().totalPendingWriteBytes() == 0) {
            ch.write(new KvReply.Value(value, 1), ch.voidPromise());
            replies++;
        }
        assertThat(replies).isEqualTo((KvReplyBatchEncoder.MAX_GATHERED_BYTES + 4011) / 4012);
        assertThat(ch.unsafe().outboundBuffer().totalPendingWriteBytes())
                .isGreaterThanOrEqualTo(KvReplyBatchEncoder.MAX_GATHERED_BYTES);
        ch.flush();
        assertThat(ch.releaseOutbound()).isTrue();
        ch.finish();
    }

    @Test
    void bytesGatheredWhenTheConnectionGoesAreReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvReplyBatchEncoder(Edition.TLS));
        ch.write(KvReply.Status.PUT_OK, ch.voidPromise());
        ch.pipeline().removeFirst();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theRsaEditionWritesBareValues() {
        EmbeddedChannel ch = new EmbeddedChannel(new KvReplyBatchEncoder(Edition.RSA));
        ch.writeAndFlush(new KvReply.Value(Wire.bytes("v"), 7));
        assertThat(text(ch.readOutbound())).isEqualTo("v\n");
        ch.finishAndReleaseAll();
    }
}
