package dev.courier.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferReplyTest {
    private static String wire(TransferReply r) {
        EmbeddedChannel ch = new EmbeddedChannel(TransferReplyEncoder.INSTANCE);
        ch.writeOutbound(r);
        ByteBuf b = ch.readOutbound();
        String s = b.toString(StandardCharsets.ISO_8859_1);
        b.release();
        ch.finishAndReleaseAll();
        return s;
    }

    @Test
    void repliesAreByteExact() {
        assertThat(wire(new TransferReply.Next(3996))).isEqualTo("ACK 3996\r\n");
        assertThat(wire(new TransferReply.Next(1))).isEqualTo("ACK 1\r\n");
        assertThat(wire(TransferReply.ACK)).isEqualTo("ACK\r\n");
        assertThat(wire(TransferReply.NACK1)).isEqualTo("NACK1\r\n");
        assertThat(wire(TransferReply.NACK2)).isEqualTo("NACK2\r\n");
        assertThat(wire(new TransferReply.Err("too large"))).isEqualTo("ERR too large\r\n");
    }

    @Test
    void errReasonsStayOnOnePrintableLine() {
        assertThat(wire(new TransferReply.Err("a\r\nb\u00e9"))).isEqualTo("ERR a??b?\r\n");
        assertThat(wire(new TransferReply.Err(""))).isEqualTo("ERR refused\r\n");
        assertThat(new TransferReply.Err("x".repeat(1000)).reason()).hasSize(TransferProtocol.MAX_REASON_CHARS);
    }

    @Test
    void parsesEveryReply() {
        assertThat(TransferReply.parse("ACK 1048576")).isEqualTo(new TransferReply.Next(1048576));
        assertThat(TransferReply.parse("ACK")).isInstanceOf(TransferReply.Ack.class);
        assertThat(TransferReply.parse("NACK1")).isInstanceOf(TransferReply.Nack1.class);
        assertThat(TransferReply.parse("NACK2")).isInstanceOf(TransferReply.Nack2.class);
        assertThat(TransferReply.parse("ERR disk full")).isEqualTo(new TransferReply.Err("disk full"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACK 0", "ACK -1", "ACK 12x", "ACK ", "ACK 99999999999", "ACK 2147483648", "NACK3",
        "ack", "HELLO", ""})
    void refusesWhatIsNoReply(String line) {
        assertThatThrownBy(() -> TransferReply.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }
}
