package dev.courier.bench.jmh;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.kv.command.GetCommand;
import dev.courier.kv.command.PutCommand;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.session.EmbeddedSessionStore;
import dev.courier.kv.session.SessionRegistry;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionTable;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
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

/** Command dispatch and store operations: PUT and GET executed against the in-memory store. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KvCommandBenchmark {
    @Param({"32", "1024"})
    public int valueSize;

    private final SessionTable table = new SessionTable(10, 1_000_000, 1L << 30);
    private final SessionStore store = EmbeddedSessionStore.inMemory(
            new SessionRegistry(table, null, Duration.ofMinutes(5), Clock.systemUTC()));
    private final SessionStore.Hold hold = () -> "s";
    private final PutCommand put = new PutCommand(4091);
    private final GetCommand get = new GetCommand();
    private KvRequest.Put[] puts;
    private KvRequest.Get[] gets;
    private int i;

    /** One session with 1024 keys. */
    @Setup
    public void setup() {
        table.create("s", SaltedDigest.of(new byte[32]));
        puts = new KvRequest.Put[1024];
        gets = new KvRequest.Get[1024];
        byte[] value = "x".repeat(valueSize).getBytes();
        for (int k = 0; k < 1024; k++) {
            puts[k] = new KvRequest.Put("key:" + k, value);
            gets[k] = new KvRequest.Get("key:" + k);
            put.execute(puts[k], hold, store);
        }
    }

    /** PUT: range checks and an overwrite. */
    @Benchmark
    public CompletionStage<KvReply> put() {
        return put.execute(puts[i++ & 1023], hold, store);
    }

    /** GET: lookup and CRC-32. */
    @Benchmark
    public CompletionStage<KvReply> get() {
        return get.execute(gets[i++ & 1023], hold, store);
    }
}
