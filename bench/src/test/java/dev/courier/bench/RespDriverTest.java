package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.bench.load.Driver;
import dev.courier.bench.load.Op;
import dev.courier.bench.load.RespDriver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespDriverTest {
    private final RespDriver resp = new RespDriver();

    @Test
    void writesSetAndGetAsRespArrays() {
        ByteBuf out = Unpooled.buffer();
        resp.writeRequest(Op.PUT, "k1".getBytes(), "abc".getBytes(), out);
        resp.writeRequest(Op.GET, "k1".getBytes(), null, out);
        assertThat(out.toString(StandardCharsets.US_ASCII))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$2\r\nk1\r\n$3\r\nabc\r\n*2\r\n$3\r\nGET\r\n$2\r\nk1\r\n");
    }

    @Test
    void countsWholeAnswersSplitAnywhere() {
        byte[] answers = "+OK\r\n$3\r\nabc\r\n$-1\r\n-ERR x\r\n:5\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= answers.length; split++) {
            Driver.Parser p = resp.newParser();
            ByteBuf in = Unpooled.buffer();
            in.writeBytes(answers, 0, split);
            int n = p.parse(in);
            in.discardReadBytes();
            in.writeBytes(answers, split, answers.length - split);
            n += p.parse(in);
            assertThat(n).as("split at %d", split).isEqualTo(5);
            assertThat(p.errors()).isEqualTo(1);
        }
    }
}
