package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCheckTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T01:02:03Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    private Path dir() {
        return data.resolve("kv");
    }

    private Journal open(TestStore store) throws IOException {
        return Journal.open(dir(), Persistence.EVERYSEC, JournalSettings.defaults(), store, store);
    }

    /** Two sessions in a snapshot, then journal-1 with more changes; returns the store. */
    private TestStore snapshotAndJournal() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store)) {
            store.logTo(j);
            store.create("a", "addr");
            store.put("a", "k1", "v1");
            store.create("b", null);
            store.put("b", "k", "v");
            j.compactNow().get(10, TimeUnit.SECONDS);
            store.put("a", "k2", "v2");
            store.put("b", "k", "v again");
            store.create("c", null);
            store.put("c", "k", "v");
        }
        return store;
    }

    private Map<String, byte[]> contents(Path d) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    m.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    @Test
    void aHealthyDirectoryIsReportedFileByFile() throws Exception {
        snapshotAndJournal();
        JournalCheck.Report r = JournalCheck.check(dir());
        assertThat(r.healthy()).as(r.summary()).isTrue();
        assertThat(r.files()).hasSize(2);
        assertThat(r.files().get(0)).startsWith("snapshot-1.snap: 4 records, 2 sessions created, 2 puts");
        assertThat(r.files().get(1)).startsWith("journal-1.log: 4 records, 1 sessions created, 3 puts");
        assertThat(r.sessions()).isEqualTo(3);
        assertThat(r.keys()).isEqualTo(4);
        assertThat(r.summary()).contains("healthy: 3 sessions, 4 keys");
    }

    @Test
    void aCheckChangesNothingAndReportsTheDamageWithItsOffset() throws Exception {
        snapshotAndJournal();
        Path journal = dir().resolve("journal-1.log");
        byte[] b = Files.readAllBytes(journal);
        b[FileHeader.BYTES + 12] ^= 0x01;
        Files.write(journal, b);
        Map<String, byte[]> before = contents(dir());
        JournalCheck.Report r = JournalCheck.check(dir());
        assertThat(r.healthy()).isFalse();
        assertThat(r.damage()).singleElement().asString()
                .contains("journal-1.log at offset " + FileHeader.BYTES)
                .contains("checksum mismatch");
        assertThat(r.summary()).contains("DAMAGED");
        assertThat(contents(dir())).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void aTornTailIsANoteNotDamage() throws Exception {
        snapshotAndJournal();
        Path journal = dir().resolve("journal-1.log");
        byte[] b = Files.readAllBytes(journal);
        Files.write(journal, Arrays.copyOf(b, b.length - 3));
        JournalCheck.Report r = JournalCheck.check(dir());
        assertThat(r.healthy()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.contains("torn last record"));
        assertThat(Files.size(journal)).isEqualTo(b.length - 3);
    }

    @Test
    void repairKeepsWhatCanBeReadAndMovesTheDamagedFilesAside() throws Exception {
        snapshotAndJournal();
        Path journal = dir().resolve("journal-1.log");
        byte[] b = Files.readAllBytes(journal);
        // Damage the third record of journal-1: the two before it are kept, the rest is lost.
        int third = thirdRecordOffset(b);
        b[third + 10] ^= 0x01;
        Files.write(journal, b);
        Map<String, byte[]> before = contents(dir());
        assertThatThrownBy(() -> open(new TestStore())).isInstanceOf(JournalDamagedException.class);

        JournalCheck.Report r = JournalCheck.repair(dir(), CLOCK);
        assertThat(r.repaired()).isTrue();
        assertThat(r.damage()).singleElement().asString().contains("journal-1.log");
        Path aside = dir().resolve("damaged-20261130T010203Z");
        assertThat(r.movedTo()).isEqualTo(aside);
        Map<String, byte[]> moved = contents(aside);
        before.remove("lock");
        assertThat(moved).usingRecursiveComparison().isEqualTo(before);
        assertThat(r.summary()).contains("repaired").contains(aside.toString());

        TestStore back = new TestStore();
        open(back).close();
        assertThat(back.state()).isEqualTo(Map.of(
                "a", TestStore.text(TestStore.credential("a")) + " addr {k1=v1, k2=v2}",
                "b", TestStore.text(TestStore.credential("b")) + " null {k=v again}"));
        assertThat(JournalCheck.check(dir()).healthy()).isTrue();
        List<String> names = contents(dir()).keySet().stream().toList();
        assertThat(names).containsExactly("journal-2.log", "lock", "snapshot-2.snap");
    }

    @Test
    void repairOfAMissingSnapshotKeepsTheJournalsWithANote() throws Exception {
        snapshotAndJournal();
        Files.delete(dir().resolve("snapshot-1.snap"));
        JournalCheck.Report checked = JournalCheck.check(dir());
        assertThat(checked.damage()).anyMatch(d -> d.contains("snapshot-1.snap is missing"));
        assertThat(checked.damage()).anyMatch(d -> d.contains("sessions never created"));
        JournalCheck.Report r = JournalCheck.repair(dir(), CLOCK);
        assertThat(r.repaired()).isTrue();
        TestStore back = new TestStore();
        open(back).close();
        // Only what journal-1 holds of sessions it created: c.
        assertThat(back.state()).containsOnlyKeys("c");
    }

    @Test
    void repairOfAHealthyDirectoryChangesNothing() throws Exception {
        snapshotAndJournal();
        Map<String, byte[]> before = contents(dir());
        JournalCheck.Report r = JournalCheck.repair(dir(), CLOCK);
        assertThat(r.repaired()).isFalse();
        assertThat(r.healthy()).isTrue();
        assertThat(r.notes()).contains("nothing to repair");
        assertThat(contents(dir())).usingRecursiveComparison().isEqualTo(before);
    }

    @Test
    void checkAndRepairRefuseWhileAServerHoldsTheDirectory() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store)) {
            assertThatThrownBy(() -> JournalCheck.check(dir()))
                    .isInstanceOf(JournalException.class).hasMessageContaining(dir().toString());
            assertThatThrownBy(() -> JournalCheck.repair(dir()))
                    .isInstanceOf(JournalException.class).hasMessageContaining(dir().toString());
        }
    }

    @Test
    void aDirectoryThatDoesNotExistIsHealthyAndStaysMissing() throws Exception {
        JournalCheck.Report r = JournalCheck.check(dir());
        assertThat(r.healthy()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.contains("nothing to check"));
        assertThat(Files.exists(dir())).isFalse();
    }

    private static int thirdRecordOffset(byte[] b) {
        int pos = FileHeader.BYTES;
        for (int i = 0; i < 2; i++) {
            int len = java.nio.ByteBuffer.wrap(b, pos, 4).getInt();
            pos += RecordCodec.FRAME_BYTES + len;
        }
        return pos;
    }
}
