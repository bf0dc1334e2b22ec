package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {
    @TempDir
    Path data;

    private Path dir() {
        return data.resolve("kv");
    }

    private Journal open(TestStore store) throws Exception {
        return Journal.open(dir(), Persistence.EVERYSEC, JournalSettings.defaults(), store, store);
    }

    @Test
    void everyRecordTypeComesBackInOrder() throws Exception {
        TestStore first = new TestStore();
        try (Journal j = open(first)) {
            first.logTo(j);
            first.create("alice", "10.0.0.1");
            first.create("bob", null);
            first.put("alice", "k1", "v1");
            first.put("alice", "k2", "");
            first.put("bob", "k", "bob's value");
            first.put("alice", "k1", "v1 again");
            first.delete("alice", "k2");
            first.erase("bob");
            first.create("bob", "::1");
            first.put("bob", "é", "ünïcode");
        }
        TestStore second = new TestStore();
        try (Journal j = open(second)) {
            assertThat(second.replayed()).containsExactly(
                    "CREATED alice " + TestStore.text(TestStore.credential("alice")) + " 10.0.0.1",
                    "CREATED bob " + TestStore.text(TestStore.credential("bob")) + " null",
                    "PUT alice k1 v1",
                    "PUT alice k2 ",
                    "PUT bob k bob's value",
                    "PUT alice k1 v1 again",
                    "DELETED alice k2",
                    "ERASED bob",
                    "CREATED bob " + TestStore.text(TestStore.credential("bob")) + " ::1",
                    "PUT bob é ünïcode");
            assertThat(second.state()).isEqualTo(first.state());
            assertThat(j.position()).isZero();
        }
    }

    @Test
    void positionsGrowAndAreDurableAfterClose() throws Exception {
        TestStore store = new TestStore();
        Journal j = open(store);
        store.logTo(j);
        store.create("a", null);
        long p1 = j.position();
        store.put("a", "k", "v");
        long p2 = j.position();
        assertThat(p1).isPositive();
        assertThat(p2).isGreaterThan(p1);
        j.close();
        assertThat(j.whenDurable(p2)).isCompleted();
        j.close();
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearlyUntilTheFirstCloses() throws Exception {
        TestStore store = new TestStore();
        Journal j = open(store);
        assertThatThrownBy(() -> open(new TestStore()))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(dir().toString())
                .hasMessageContaining("in use");
        assertThatThrownBy(() -> JournalCheck.check(dir())).isInstanceOf(JournalException.class);
        j.close();
        open(new TestStore()).close();
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store)) {
            store.logTo(j);
            store.create("a", null);
            store.put("a", "k", "v");
            j.compactNow().get();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir())) {
            files = s.toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("lock", "journal-1.log", "snapshot-1.snap");
        for (Path f : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void persistenceParsesItsThreeNames() {
        assertThat(Persistence.parse("off")).isEqualTo(Persistence.OFF);
        assertThat(Persistence.parse("EverySec")).isEqualTo(Persistence.EVERYSEC);
        assertThat(Persistence.parse("always")).isEqualTo(Persistence.ALWAYS);
        assertThatThrownBy(() -> Persistence.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("off, everysec or always")
                .hasMessageContaining("sometimes");
        assertThatThrownBy(() -> Persistence.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsHaveNamedDefaultsAndRefuseNonsense() {
        JournalSettings d = JournalSettings.defaults();
        assertThat(d.syncInterval()).isEqualTo(JournalSettings.DEFAULT_SYNC_INTERVAL);
        assertThat(d.compactMinBytes()).isEqualTo(64L << 20);
        assertThat(d.compactThreshold(0)).isEqualTo(64L << 20);
        assertThat(d.compactThreshold(100L << 20)).isEqualTo(200L << 20);
        assertThatThrownBy(() -> new JournalSettings(java.time.Duration.ZERO, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
