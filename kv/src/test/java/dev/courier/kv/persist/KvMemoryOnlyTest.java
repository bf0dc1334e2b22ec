package dev.courier.kv.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.store.journal.Persistence;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --kv-persistence off}: memory only, as documented: nothing is written, a restart starts empty. */
class KvMemoryOnlyTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(PersistenceCases.kept(Persistence.OFF));

    @Test
    void nothingIsWrittenAndARestartStartsEmpty() throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("a", Wire.hash(1));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        kv.restart();
        assertThat(kv.server().store().sessions()).isZero();
        assertThat(Files.exists(PersistenceCases.sessionsDir(kv.server().config())))
                .as("no files at all").isFalse();
    }
}
