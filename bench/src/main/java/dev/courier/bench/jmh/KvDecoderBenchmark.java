package dev.courier.bench.jmh;

import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** Frame decoding: a pipelined batch of 16 PUTs or GETs through the KV request decoder. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KvDecoderBenchmark {
    @Param({"PUT", "GET"})
    public String verb;
    @Param({"32", "1024"})
    public int valueSize;

    private EmbeddedChannel channel;
    private ByteBuf batch;

    /** Builds the batch once and opens the session in the decoder. */
    @Setup
    public void setup() {
        channel = new EmbeddedChannel(new KvRequestDecoder(4096, Edition.TLS));
        ByteBuf connect = Unpooled.buffer();
        connect.writeCharSequence("CONNECT bench\n", StandardCharsets.US_ASCII);
        connect.writeBytes(new byte[32]);
        channel.writeInbound(connect);
        channel.readInbound();
        StringBuilder sb = new StringBuilder();
        String value = "x".repeat(valueSize);
        for (int i = 0; i < 16; i++) {
            sb.append(verb).append(" key:00000000").append(i % 10).append('\n');
            if (verb.equals("PUT")) {
                sb.append(value).append('\n');
            }
        }
        batch = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(sb.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    /** Decodes the batch; 16 requests per call. */
    @Benchmark
    public void decode16(Blackhole bh) {
        channel.writeInbound(batch.retainedDuplicate());
        KvRequest r;
        while ((r = channel.readInbound()) != null) {
            bh.consume(r);
        }
    }
}
