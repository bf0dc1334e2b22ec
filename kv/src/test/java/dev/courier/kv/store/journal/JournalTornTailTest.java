package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash tears the last record written; anything else that is wrong is damage, refused with the way out. */
class JournalTornTailTest {
    @TempDir
    Path data;

    private Path dir;
    private Path journal;
    /** The journal's bytes, and where its last record begins. */
    private byte[] whole;
    private long lastStart;
    private List<String> allReplayed;

    @BeforeEach
    void writeAJournal() throws Exception {
        dir = data.resolve("kv");
        journal = dir.resolve("journal-0.log");
        TestStore store = new TestStore();
        try (Journal j = open(store)) {
            store.logTo(j);
            store.create("a", "addr");
            store.put("a", "k1", "v1");
            store.put("a", "k2", "v2");
            lastStart = j.position() + FileHeader.BYTES;
            store.put("a", "k3", "the last value");
        }
        whole = Files.readAllBytes(journal);
        TestStore check = new TestStore();
        open(check).close();
        allReplayed = check.replayed();
        assertThat(allReplayed).hasSize(4);
    }

    private Journal open(TestStore store) throws IOException {
        return Journal.open(dir, Persistence.EVERYSEC, JournalSettings.defaults(), store, store);
    }

    @Test
    void aLastRecordCutAtAnyByteIsDroppedAndTheFileTruncated() throws Exception {
        for (long cut = lastStart + 1; cut < whole.length; cut++) {
            Files.write(journal, Arrays.copyOf(whole, (int) cut));
            TestStore store = new TestStore();
            open(store).close();
            assertThat(store.replayed()).as("cut at %d", cut).isEqualTo(allReplayed.subList(0, 3));
            assertThat(Files.size(journal)).as("cut at %d", cut).isEqualTo(lastStart);
        }
    }

    @Test
    void aJournalCutAtARecordBoundaryLosesNothingElse() throws Exception {
        Files.write(journal, Arrays.copyOf(whole, (int) lastStart));
        TestStore store = new TestStore();
        open(store).close();
        assertThat(store.replayed()).isEqualTo(allReplayed.subList(0, 3));
        assertThat(Files.size(journal)).isEqualTo(lastStart);
    }

    @Test
    void aZeroFilledTailIsDropped() throws Exception {
        // A file system may extend the file before the data lands: zeros after the last whole record.
        Files.write(journal, Arrays.copyOf(whole, whole.length + 4096));
        TestStore store = new TestStore();
        open(store).close();
        assertThat(store.replayed()).isEqualTo(allReplayed);
        assertThat(Files.size(journal)).isEqualTo(whole.length);
    }

    @Test
    void aHalfWrittenLastRecordFollowedByZerosIsDropped() throws Exception {
        byte[] b = Arrays.copyOf(whole, whole.length + 100);
        Arrays.fill(b, (int) lastStart + 12, b.length, (byte) 0);
        Files.write(journal, b);
        TestStore store = new TestStore();
        open(store).close();
        assertThat(store.replayed()).isEqualTo(allReplayed.subList(0, 3));
        assertThat(Files.size(journal)).isEqualTo(lastStart);
    }

    @Test
    void aNewestJournalWithoutAWholeHeaderStartsAgain() throws Exception {
        Files.delete(journal);
        Files.write(journal, Arrays.copyOf(whole, 5));
        TestStore store = new TestStore();
        try (Journal j = open(store)) {
            store.logTo(j);
            store.create("b", null);
        }
        TestStore back = new TestStore();
        open(back).close();
        assertThat(back.replayed()).hasSize(1);
    }

    @Test
    void aFlippedByteInTheMiddleIsDamageNamingTheFileAndTheWayOut() throws Exception {
        byte[] b = whole.clone();
        int middle = (int) (lastStart - 3);
        b[middle] ^= 0x20;
        Files.write(journal, b);
        assertThatThrownBy(() -> open(new TestStore()))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("journal-0.log")
                .hasMessageContaining("offset")
                .hasMessageContaining("checksum")
                .hasMessageContaining("courier kv check --data-dir " + data.toAbsolutePath())
                .hasMessageContaining("--repair");
        assertThat(Files.readAllBytes(journal)).as("a refusal changes nothing").isEqualTo(b);
        // The lock is released: a check may look at it.
        assertThat(JournalCheck.check(dir).healthy()).isFalse();
    }

    @Test
    void everyFlippedByteOfAFileIsDroppedAsTornOrRefusedNeverServedAsData() throws Exception {
        for (int i = 0; i < whole.length; i++) {
            byte[] b = whole.clone();
            b[i] ^= 0x01;
            Files.write(journal, b);
            TestStore store = new TestStore();
            try {
                open(store).close();
                // Only the last record may go (its CRC fails with nothing after it): a torn write.
                assertThat(i).as("flip at %d", i).isGreaterThanOrEqualTo((int) lastStart);
                assertThat(store.replayed()).as("flip at %d", i).isEqualTo(allReplayed.subList(0, 3));
            } catch (JournalDamagedException expected) {
                assertThat(expected.getMessage()).contains("journal-0.log");
            }
        }
    }

    @Test
    void aBadRecordInAnOlderJournalIsDamageNotATornTail() throws Exception {
        byte[] b = Arrays.copyOf(whole, whole.length - 1);
        Files.write(journal, b);
        // journal-1 after it: journal-0's end should have been synced whole before journal-1 began.
        Files.write(dir.resolve("journal-1.log"), FileHeader.of(FileHeader.JOURNAL_MAGIC, 1));
        assertThatThrownBy(() -> open(new TestStore()))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("journal-0.log");
    }

    @Test
    void aHeaderFromAnotherGenerationIsDamage() throws Exception {
        Files.move(journal, dir.resolve("journal-3.log"));
        Files.write(dir.resolve("snapshot-3.snap"), Files.readAllBytes(snapshotOfNothing(3)));
        assertThatThrownBy(() -> open(new TestStore()))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("journal-3.log")
                .hasMessageContaining("generation");
    }

    private Path snapshotOfNothing(long gen) throws IOException {
        Path other = data.resolve("other");
        Files.createDirectories(other);
        SnapshotWriter.write(other, gen, v -> { }, () -> false);
        return JournalFiles.snapshot(other, gen);
    }
}
