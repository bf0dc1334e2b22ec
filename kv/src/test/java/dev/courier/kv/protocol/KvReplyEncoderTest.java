package dev.courier.kv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KvReplyEncoderTest {
    private static String encode(Edition edition, KvReply reply) {
        EmbeddedChannel ch = new EmbeddedChannel(new KvReplyEncoder(edition));
        ch.writeOutbound(reply);
        ByteBuf b = ch.readOutbound();
        try {
            return b.toString(StandardCharsets.ISO_8859_1);
        } finally {
            b.release();
            ch.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "CONNECT_OK, CONNECT: OK", "CONNECT_ERROR, CONNECT: ERROR", "PUT_OK, PUT: OK", "PUT_ERROR, PUT: ERROR",
        "GET_ERROR, GET: ERROR", "DELETE_OK, DELETE: OK", "DELETE_ERROR, DELETE: ERROR",
        "DISCONNECT_OK, DISCONNECT: OK",
    })
    void statusRepliesAreTheirTextAndOneLf(KvReply.Status status, String text) {
        assertThat(encode(Edition.TLS, status)).isEqualTo(text + "\n");
        assertThat(status.line()).isEqualTo(Wire.bytes(text + "\n"));
    }

    @Test
    void aValueIsGetSpaceValueLfThenTheUnsignedDecimalCrcLf() {
        assertThat(encode(Edition.TLS, new KvReply.Value(Wire.bytes("hello world"), 222957957L)))
                .isEqualTo("GET hello world\n222957957\n");
        assertThat(encode(Edition.TLS, new KvReply.Value(Wire.bytes("x\r"), 0xFFFF_FFFFL)))
                .isEqualTo("GET x\r\n4294967295\n");
        assertThat(encode(Edition.TLS, new KvReply.Value(new byte[0], 0))).isEqualTo("GET \n0\n");
    }

    @Test
    void theRsaEditionAnswersTheBareValue() {
        assertThat(encode(Edition.RSA, new KvReply.Value(Wire.bytes("v"), 1))).isEqualTo("v\n");
        assertThat(encode(Edition.RSA, KvReply.Status.PUT_OK)).isEqualTo("PUT: OK\n");
    }

    @Test
    void lineGivesACopy() {
        KvReply.Status.PUT_OK.line()[0] = 'X';
        assertThat(encode(Edition.TLS, KvReply.Status.PUT_OK)).isEqualTo("PUT: OK\n");
    }
}
