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

    @Test
    void theStoreDefaultsToEmbeddedAndRedisFlagsMakeARedisStore() {
        KvStorageOptions o = new KvStorageOptions();
        new CommandLine(new Holder(o)).parseArgs();
        assertThat(o.storage(Path.of("/data")).shared()).isFalse();
        KvStorageOptions r = new KvStorageOptions();
        new CommandLine(new Holder(r)).parseArgs("--kv-store", "redis://user:pw@127.0.0.1:6379/2", "--kv-lease", "2s",
                "--kv-store-timeout", "750ms", "--kv-store-prefix", "app1:");
        KvStorage s = r.storage(Path.of("/data"));
        assertThat(s.shared()).isTrue();
        assertThat(s.redis().lease()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(s.redis().timeout()).isEqualTo(java.time.Duration.ofMillis(750));
        assertThat(s.redis().prefix()).isEqualTo("app1:");
        assertThat(s.redis().redacted()).isEqualTo("redis://user:***@127.0.0.1:6379/2");
        KvStorageOptions d = new KvStorageOptions();
        new CommandLine(new Holder(d)).parseArgs();
        assertThat(d.lease).isEqualTo(dev.courier.kv.store.redis.RedisStoreConfig.DEFAULT_LEASE);
        assertThat(d.timeout).isEqualTo(dev.courier.kv.store.redis.RedisStoreConfig.DEFAULT_TIMEOUT);
    }

    @Test
    void aBadStoreUriOrLeaseIsAUsageError() {
        for (String[] args : new String[][] {{"--kv-store", "http://x:1"}, {"--kv-store", "redis-cluster://"},
            {"--kv-store", "redis://h:1", "--kv-lease", "10ms"}, {"--kv-store", "redis://h:1", "--kv-store-prefix", "{a}"}}) {
            KvStorageOptions o = new KvStorageOptions();
            new CommandLine(new Holder(o)).parseArgs(args);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.storage(Path.of("/data")))
                    .as(String.join(" ", args)).isInstanceOf(dev.courier.cli.CliFailure.class);
        }
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
