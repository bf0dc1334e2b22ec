package dev.courier.bench.jmh;

import dev.courier.kv.command.GetCommand;
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

/** CRC-32 of a GET answer's value. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Crc32Benchmark {
    @Param({"32", "1024", "4091"})
    public int size;
    private byte[] value;

    /** The value to check. */
    @Setup
    public void setup() {
        value = new byte[size];
        java.util.Arrays.fill(value, (byte) 'x');
    }

    /** One CRC-32. */
    @Benchmark
    public long crc32() {
        return GetCommand.crc32(value);
    }
}
