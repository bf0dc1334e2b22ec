package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.config.Portion;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Open mode: the sessions one address created hold at most its memory share; another address still stores. */
class KvAddressMemoryEndToEndTest {
    private static final String ONE = "127.0.0.1";
    private static final String TWO = "127.0.0.2";
    private static final long PER_ADDRESS = 64 << 10;
    private static final String BIG = "x".repeat(3000);

    private final MemoryBudget budget = new MemoryBudget(1 << 20);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withBudget(budget)
            .withLimits(cfg.limits().withMaxMemoryPerAddress(Portion.ofBytes(PER_ADDRESS))));

    private RawTlsConnection connected(String from, String id) throws Exception {
        RawTlsConnection r = RawTlsConnection.openFrom(from, kv.port());
        r.connect(id, Wire.hash(id.hashCode()));
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        return r;
    }

    /** PUTs {@code value} under new keys until the server answers PUT: ERROR; returns how many were stored. */
    private static int fill(RawTlsConnection c, String prefix, String value) throws Exception {
        for (int i = 0; i < 10_000; i++) {
            c.send("PUT " + prefix + i + "\n" + value + "\n");
            String answer = c.readLine();
            if (answer.equals("PUT: ERROR\n")) {
                return i;
            }
            assertThat(answer).isEqualTo("PUT: OK\n");
        }
        throw new AssertionError("never refused");
    }

    @Test
    void anAddressThatFilledItsShareGetsPutErrorAndConnectErrorWhileAnotherAddressStores() throws Exception {
        try (RawTlsConnection a = connected(ONE, "a"); RawTlsConnection b = connected(ONE, "b")) {
            int big = fill(a, "big", BIG);
            // Two sessions of one address share one cap: the second fills what the first left.
            int small = fill(b, "small", "v");
            assertThat(big).isBetween(15, 21);
            assertThat(small).isPositive();
            long held = kv.server().registry().memoryOf(ONE);
            assertThat(held).isLessThanOrEqualTo(PER_ADDRESS).isGreaterThan(PER_ADDRESS - 200);
            assertThat(budget.used()).isEqualTo(held);

            a.send("GET big0\n");
            assertThat(a.readLine()).as("stored data untouched").isEqualTo("GET " + BIG + "\n");
            CRC32 crc = new CRC32();
            crc.update(BIG.getBytes(StandardCharsets.US_ASCII));
            assertThat(a.readLine()).isEqualTo(crc.getValue() + "\n");
            a.send("PUT big0\n" + BIG + "\n");
            assertThat(a.readLine()).as("a rewrite of the same size costs nothing more").isEqualTo("PUT: OK\n");

            try (RawTlsConnection c = RawTlsConnection.openFrom(ONE, kv.port())) {
                c.connect("c", Wire.hash("c".hashCode()));
                assertThat(c.readLine()).as("no memory for a new session").isEqualTo("CONNECT: ERROR\n");
            }
            try (RawTlsConnection other = connected(TWO, "other")) {
                other.send("PUT k\n" + BIG + "\n");
                assertThat(other.readLine()).isEqualTo("PUT: OK\n");
                assertThat(kv.server().registry().memoryOf(TWO)).isPositive();
            }

            a.send("DELETE big1\n");
            assertThat(a.readLine()).isEqualTo("DELETE: OK\n");
            b.send("PUT again\n" + "y".repeat(2000) + "\n");
            assertThat(b.readLine()).as("a deletion gives the share back").isEqualTo("PUT: OK\n");
        }
    }
}
