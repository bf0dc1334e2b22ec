package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.server.KvStorage;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The storage flags' defaults, written for people ("64MiB"), are the library's named defaults. */
class KvStorageDefaultsTest {
    @Test
    void theFlagsDefaultToTheJournalsDefaults() {
        KvStorageOptions o = new KvStorageOptions();
        new CommandLine(new Holder(o)).parseArgs();
        KvStorage s = o.storage(Path.of("/data"));
        assertThat(s.persistence()).isEqualTo(Persistence.EVERYSEC).isEqualTo(KvStorage.DEFAULT_PERSISTENCE);
        assertThat(s.dir()).isEqualTo(Path.of("/data/kv/sessions"));
        assertThat(s.journal()).isEqualTo(JournalSettings.defaults());
    }

    @Test
    void persistenceIsParsedAndABadModeIsAUsageError() {
        KvStorageOptions o = new KvStorageOptions();
        CommandLine cl = new CommandLine(new Holder(o));
        cl.parseArgs("--kv-persistence", "always");
        assertThat(o.kvPersistence).isEqualTo(Persistence.ALWAYS);
        assertThat(cl.execute("--kv-persistence", "sometimes")).isEqualTo(2);
    }

    @CommandLine.Command(name = "holder")
    static final class Holder implements Runnable {
        @CommandLine.Mixin
        KvStorageOptions options;

        Holder(KvStorageOptions options) {
            this.options = options;
        }

        @Override
        public void run() {
        }
    }
}
