package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.bench.load.ConnectRate;
import dev.courier.bench.load.KvDriver;
import dev.courier.bench.load.LoadGenerator;
import dev.courier.bench.load.LoadResult;
import dev.courier.bench.load.LoadSpec;
import dev.courier.core.tls.TlsContexts;
import dev.courier.kv.KvServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoadGeneratorTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    private LoadGenerator generator() throws Exception {
        return new LoadGenerator(new KvDriver("t", KvServerExtension.hash("bench")), "localhost", kv.port(),
                TlsContexts.client(TlsContexts.ClientTrust.caFile(KvServerExtension.caCert())), 1);
    }

    @Test
    void putsAndGetsEveryRequestWithoutErrors() throws Exception {
        try (LoadGenerator gen = generator()) {
            LoadResult put = gen.run(new LoadSpec("PUT", 1, 4, 2000, null, 4, 32, 100, 0));
            assertThat(put.completed()).isEqualTo(2000);
            assertThat(put.errors()).isZero();
            assertThat(put.latencyMicros().getTotalCount()).isEqualTo(2000);
            LoadResult get = gen.run(new LoadSpec("GET", 0, 4, 2000, null, 16, 32, 100, 0));
            assertThat(get.completed()).isEqualTo(2000);
            // Each connection stored its keyspace first, so every GET finds its key.
            assertThat(get.errors()).isZero();
        }
        assertThat(kv.server().registry().table().sessions()).as("DISCONNECT erased every session").isZero();
    }

    @Test
    void constantRateRunsAtTheAskedRate() throws Exception {
        try (LoadGenerator gen = generator()) {
            LoadResult r = gen.run(new LoadSpec("MIX", 0.1, 2, 300, null, 1, 8, 10, 1000));
            assertThat(r.completed()).isEqualTo(300);
            // 300 requests at 1000/s cannot finish much faster than 0.3 s.
            assertThat(r.nanos()).isGreaterThan(Duration.ofMillis(250).toNanos());
        }
    }

    @Test
    void connectRateCountsWholeSessions() throws Exception {
        try (LoadGenerator gen = generator()) {
            ConnectRate.Result r = ConnectRate.run(gen, 2, Duration.ofMillis(500));
            assertThat(r.connections()).isPositive();
            assertThat(r.failures()).isZero();
        }
    }

    @Test
    void reportPrintsRedisBenchmarkStyle() throws Exception {
        try (LoadGenerator gen = generator()) {
            LoadResult r = gen.run(new LoadSpec("PUT", 1, 1, 100, null, 1, 3, 1, 0));
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            new BenchReport(new PrintStream(b, true, StandardCharsets.UTF_8), false, true).print(r);
            String csv = b.toString(StandardCharsets.UTF_8);
            assertThat(csv).startsWith("\"test\",\"rps\",\"avg_latency_ms\"");
            assertThat(csv.lines().skip(1).findFirst().orElseThrow()).startsWith("\"PUT\",\"");
            b.reset();
            new BenchReport(new PrintStream(b, true, StandardCharsets.UTF_8), true, false).print(r);
            assertThat(b.toString(StandardCharsets.UTF_8)).matches("PUT: [0-9.]+ requests per second, p50=[0-9.]+ msec\\R");
        }
    }
}
