package dev.courier.kv.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.store.journal.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A disk that fails under a running server (here: the next journal is {@code /dev/full}, a device that is always
 * full): no change is acknowledged that is not kept, reads go on.
 */
class KvDiskFailureTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(PersistenceCases.kept(Persistence.ALWAYS));

    @Test
    void afterAWriteErrorChangesAreRefusedAndReadsGoOn() throws Exception {
        RawTlsConnection r = RawTlsConnection.open(kv.port());
        r.connect("a", Wire.hash(1));
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        r.send("PUT k\nkept\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        Path dir = PersistenceCases.sessionsDir(kv.server().config());
        Files.createSymbolicLink(dir.resolve("journal-1.log"), Paths.get("/dev/full"));
        assertThatThrownBy(() -> kv.server().embedded().journal().compactNow().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(kv.server().embedded().journal().failed()).isTrue();

        r.send("PUT k\nlost\nDELETE k\nGET k\n");
        assertThat(r.readLine()).isEqualTo("PUT: ERROR\n");
        assertThat(r.readLine()).isEqualTo("DELETE: ERROR\n");
        assertThat(r.readLine()).as("the acknowledged value is still served").isEqualTo("GET kept\n");
        r.close();
        try (RawTlsConnection other = RawTlsConnection.open(kv.port())) {
            other.connect("b", Wire.hash(2));
            assertThat(other.readLine()).as("no new session either").isEqualTo("CONNECT: ERROR\n");
        }
        Files.delete(dir.resolve("journal-1.log"));
    }
}
