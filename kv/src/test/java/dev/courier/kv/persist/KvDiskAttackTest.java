package dev.courier.kv.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A peer that rewrites one value as fast as it can makes the journal grow, never the disk: compactions bring the
 * files back to about the size of the data, while another client is served.
 */
class KvDiskAttackTest {
    private static final long COMPACT_MIN = 256 << 10;

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> c.withStorage(new KvStorage(Persistence.EVERYSEC,
            PersistenceCases.sessionsDir(c), new JournalSettings(JournalSettings.DEFAULT_SYNC_INTERVAL, COMPACT_MIN,
                    JournalSettings.DEFAULT_COMPACT_PERCENT, JournalSettings.DEFAULT_MAX_BUFFER_BYTES))));

    private long filesBytes() throws Exception {
        try (Stream<Path> s = Files.list(PersistenceCases.sessionsDir(kv.server().config()))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void rewritingOneValueForeverKeepsTheFilesNearTheDataSize() throws Exception {
        String value = "x".repeat(1000);
        long written = 0;
        long largest = 0;
        try (RawTlsConnection attacker = RawTlsConnection.open(kv.port());
             RawTlsConnection good = RawTlsConnection.open(kv.port())) {
            attacker.connect("attacker", Wire.hash(1));
            assertThat(attacker.readLine()).isEqualTo("CONNECT: OK\n");
            good.connect("good", Wire.hash(2));
            assertThat(good.readLine()).isEqualTo("CONNECT: OK\n");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append("PUT k\n").append(value).append('\n');
            }
            for (int round = 0; round < 200; round++) {
                attacker.send(batch.toString());
                for (int i = 0; i < 100; i++) {
                    assertThat(attacker.readLine()).isEqualTo("PUT: OK\n");
                }
                written += 100L * (value.length() + 8);
                if (round % 20 == 0) {
                    good.send("PUT mine\nkept\nGET mine\n");
                    assertThat(good.readLine()).isEqualTo("PUT: OK\n");
                    assertThat(good.readLine()).isEqualTo("GET kept\n");
                    assertThat(good.readLine()).isEqualTo(Wire.crc("kept") + "\n");
                    largest = Math.max(largest, filesBytes());
                }
            }
        }
        assertThat(written).as("the attacker wrote 70 times the compaction threshold").isGreaterThan(70 * COMPACT_MIN);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> kv.server().embedded().journal().stats().compactions() > 10);
        assertThat(largest).as("files at any check: a few thresholds at most, not what was written")
                .isLessThan(8 * COMPACT_MIN);
        kv.restart();
        try (RawTlsConnection good = RawTlsConnection.open(kv.port())) {
            good.connect("good", Wire.hash(2));
            assertThat(good.readLine()).isEqualTo("CONNECT: OK\n");
            good.send("GET mine\n");
            assertThat(good.readLine()).isEqualTo("GET kept\n");
        }
        assertThat(filesBytes()).as("after a restart").isLessThan(8 * COMPACT_MIN);
    }
}
