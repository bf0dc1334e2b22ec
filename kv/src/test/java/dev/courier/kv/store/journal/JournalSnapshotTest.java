package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSnapshotTest {
    @TempDir
    Path data;

    private Path dir() {
        return data.resolve("kv");
    }

    private Journal open(TestStore store, SnapshotSource source) throws IOException {
        return Journal.open(dir(), Persistence.EVERYSEC, JournalSettings.defaults(), store, source);
    }

    private Map<String, String> reopened() throws IOException {
        TestStore back = new TestStore();
        open(back, back).close();
        return back.state();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lock")).sorted().toList();
        }
    }

    private static void fill(TestStore store, int sessions, int keys) {
        for (int s = 0; s < sessions; s++) {
            store.create("s" + s, "addr" + s);
            for (int k = 0; k < keys; k++) {
                store.put("s" + s, "k" + k, "value " + s + "/" + k);
            }
        }
    }

    /** A source that says it has begun, then waits for {@code release} before it visits the store. */
    private static SnapshotSource gated(TestStore store, CountDownLatch inSnapshot, CountDownLatch release) {
        return v -> {
            inSnapshot.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.forEachSession(v);
        };
    }

    @Test
    void appendsDuringACompactionLandInTheNewJournalAndReopenMergesThem() throws Exception {
        TestStore store = new TestStore();
        CountDownLatch inSnapshot = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SnapshotSource slow = gated(store, inSnapshot, release);
        try (Journal j = open(store, slow)) {
            store.logTo(j);
            fill(store, 5, 10);
            store.erase("s4");
            CompletableFuture<Void> c = j.compactNow();
            assertThat(j.compactNow()).as("one compaction at a time").isSameAs(c);
            inSnapshot.await();
            store.put("s0", "k0", "changed during the snapshot");
            store.delete("s1", "k1");
            store.create("new", null);
            store.put("new", "k", "v");
            store.erase("s2");
            release.countDown();
            c.get(10, TimeUnit.SECONDS);
            store.put("s3", "after", "the compaction");
            assertThat(j.stats().compactions()).isEqualTo(1);
            assertThat(j.stats().snapshotBytes()).isEqualTo(Files.size(dir().resolve("snapshot-1.snap")));
        }
        assertThat(files()).containsExactly("journal-1.log", "snapshot-1.snap");
        assertThat(reopened()).isEqualTo(store.state());
    }

    @Test
    void writersWaitForACompactionOnlyOnceTheJournalIsFarPastItsThreshold() throws Exception {
        TestStore store = new TestStore();
        CountDownLatch inSnapshot = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JournalSettings small = new JournalSettings(Duration.ofSeconds(1), 4096, 100, JournalSettings.DEFAULT_MAX_BUFFER_BYTES);
        try (Journal j = Journal.open(dir(), Persistence.EVERYSEC, small, store, gated(store, inSnapshot, release))) {
            store.logTo(j);
            store.create("s", null);
            assertThat(j.room()).as("no compaction: room at once").isDone();
            CompletableFuture<Void> c = j.compactNow();
            try {
                inSnapshot.await();
                String value = "v".repeat(200);
                int i = 0;
                // While the snapshot is held up the new journal grows: room until it is BACKLOG_FACTOR thresholds.
                while (j.room().isDone() && i < 1000) {
                    store.put("s", "k" + i++, value);
                }
                assertThat(i).as("puts of 200 bytes until the journal passed 4 x 4096 bytes").isBetween(60, 90);
                CompletableFuture<Void> waiting = j.room();
                assertThat(waiting).isNotDone();
                release.countDown();
                c.get(10, TimeUnit.SECONDS);
                waiting.get(10, TimeUnit.SECONDS);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aCompactionRacingWithAnEraseLeavesTheSessionErased() throws Exception {
        TestStore store = new TestStore();
        CountDownLatch inSnapshot = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SnapshotSource slow = gated(store, inSnapshot, release);
        try (Journal j = open(store, slow)) {
            store.logTo(j);
            fill(store, 2, 2);
            CompletableFuture<Void> c = j.compactNow();
            inSnapshot.await();
            // After the rotation, before the snapshot sees it: the new journal has a PUT of a session the
            // snapshot will not hold, then its ERASED.
            store.put("s1", "k", "v");
            store.erase("s1");
            release.countDown();
            c.get(10, TimeUnit.SECONDS);
        }
        assertThat(reopened()).isEqualTo(store.state());
        JournalCheck.Report r = JournalCheck.check(dir());
        assertThat(r.healthy()).as(r.summary()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.contains("erased later"));
    }

    @Test
    void closingStopsASnapshotUnderWayAndLeavesALoadableSet() throws Exception {
        TestStore store = new TestStore();
        CountDownLatch inSnapshot = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SnapshotSource slow = v -> store.forEachSession((id, credential, creator, entries) -> {
            v.session(id, credential, creator, entries);
            inSnapshot.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Journal j = open(store, slow);
        store.logTo(j);
        fill(store, 3, 2);
        CompletableFuture<Void> c = j.compactNow();
        inSnapshot.await();
        store.put("s0", "late", "in journal-1");
        Thread closer = new Thread(j::close);
        closer.start();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> closer.getState() == Thread.State.WAITING);
        release.countDown();
        closer.join();
        assertThat(c).isCompletedExceptionally();
        assertThat(files()).containsExactly("journal-0.log", "journal-1.log");
        assertThat(reopened()).isEqualTo(store.state());
    }

    @Test
    void aJournalOutgrowingItsThresholdIsCompactedInTheBackground() throws Exception {
        TestStore store = new TestStore();
        JournalSettings small = new JournalSettings(Duration.ofSeconds(1), 4096, 100,
                JournalSettings.DEFAULT_MAX_BUFFER_BYTES);
        Journal j = Journal.open(dir(), Persistence.EVERYSEC, small, store, store);
        store.logTo(j);
        for (int i = 0; i < 2000; i++) {
            store.create("s" + (i % 7), null);
            store.put("s" + (i % 7), "k", "value " + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> j.stats().compactions() > 0);
        j.close();
        long onDisk = 0;
        for (String f : files()) {
            onDisk += Files.size(dir().resolve(f));
        }
        assertThat(onDisk).as("what the snapshot replaced is gone").isLessThan(j.stats().bytesWritten());
        assertThat(reopened()).isEqualTo(store.state());
    }

    @Test
    void aLeftoverTmpSnapshotIsRemovedAndTheRestLoads() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store, store)) {
            store.logTo(j);
            fill(store, 3, 3);
        }
        Files.write(dir().resolve("snapshot-1.snap.tmp"), new byte[] {1, 2, 3});
        assertThat(reopened()).isEqualTo(store.state());
        assertThat(files()).containsExactly("journal-0.log");
    }

    @Test
    void aNewJournalWithoutItsSnapshotLoadsAfterTheOldOne() throws Exception {
        TestStore store = new TestStore();
        SnapshotSource failing = v -> {
            throw new IllegalStateException("the snapshot stops here, as a crash would");
        };
        try (Journal j = open(store, failing)) {
            store.logTo(j);
            fill(store, 3, 3);
            CompletableFuture<Void> c = j.compactNow();
            assertThatThrownBy(() -> c.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(j.failed()).as("a failed snapshot does not stop the journal").isFalse();
            store.put("s0", "k0", "in journal-1");
        }
        assertThat(files()).containsExactly("journal-0.log", "journal-1.log");
        assertThat(reopened()).isEqualTo(store.state());
    }

    @Test
    void filesOlderThanACompleteSnapshotAreIgnoredAndRemoved() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store, store)) {
            store.logTo(j);
            fill(store, 3, 3);
        }
        byte[] oldJournal = Files.readAllBytes(dir().resolve("journal-0.log"));
        try (Journal j = open(new TestStore(), store)) {
            store.logTo(j);
            j.compactNow().get(10, TimeUnit.SECONDS);
            store.erase("s0");
        }
        // As if the compaction stopped before it deleted what the snapshot replaces.
        Files.write(dir().resolve("journal-0.log"), oldJournal);
        assertThat(reopened()).isEqualTo(store.state());
        assertThat(files()).containsExactly("journal-1.log", "snapshot-1.snap");
    }

    @Test
    void aMissingSnapshotIsRefused() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store, store)) {
            store.logTo(j);
            fill(store, 2, 2);
            j.compactNow().get(10, TimeUnit.SECONDS);
            store.put("s0", "x", "y");
        }
        Files.delete(dir().resolve("snapshot-1.snap"));
        assertThatThrownBy(() -> open(new TestStore(), null))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("snapshot-1.snap is missing")
                .hasMessageContaining("courier kv check");
    }

    @Test
    void aMissingJournalInTheChainIsRefused() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store, store)) {
            store.logTo(j);
            fill(store, 1, 1);
        }
        Files.write(dir().resolve("journal-2.log"), FileHeader.of(FileHeader.JOURNAL_MAGIC, 2));
        assertThatThrownBy(() -> open(new TestStore(), null))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("journal-1.log is missing");
    }

    @Test
    void aCorruptSnapshotIsRefused() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store, store)) {
            store.logTo(j);
            fill(store, 3, 3);
            j.compactNow().get(10, TimeUnit.SECONDS);
        }
        Path snap = dir().resolve("snapshot-1.snap");
        byte[] b = Files.readAllBytes(snap);
        b[b.length / 2] ^= 0x40;
        Files.write(snap, b);
        assertThatThrownBy(() -> open(new TestStore(), null))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("snapshot-1.snap")
                .hasMessageContaining("--repair");
    }

    @Test
    void anIncompleteSnapshotIsRefused() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(store, store)) {
            store.logTo(j);
            fill(store, 3, 3);
            j.compactNow().get(10, TimeUnit.SECONDS);
        }
        Path snap = dir().resolve("snapshot-1.snap");
        byte[] b = Files.readAllBytes(snap);
        Files.write(snap, Arrays.copyOf(b, b.length - 21));
        assertThatThrownBy(() -> open(new TestStore(), null))
                .isInstanceOf(JournalDamagedException.class)
                .hasMessageContaining("snapshot-1.snap");
    }
}
