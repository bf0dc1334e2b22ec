package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalDurabilityTest {
    @TempDir
    Path data;

    private Journal open(Persistence mode, Duration interval, TestStore store) throws Exception {
        JournalSettings s = new JournalSettings(interval, JournalSettings.DEFAULT_COMPACT_MIN_BYTES,
                JournalSettings.DEFAULT_COMPACT_PERCENT, JournalSettings.DEFAULT_MAX_BUFFER_BYTES);
        return Journal.open(data.resolve("kv"), mode, s, store, store);
    }

    @Test
    void everysecCompletesAfterAnFsync() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.EVERYSEC, Duration.ofMillis(50), store)) {
            store.logTo(j);
            long syncs = j.stats().syncs();
            store.create("a", null);
            store.put("a", "k", "v");
            CompletableFuture<Void> f = j.whenDurable(j.position());
            f.get(10, TimeUnit.SECONDS);
            assertThat(j.stats().syncs()).isGreaterThan(syncs);
            assertThat(j.stats().bytesWritten()).isGreaterThanOrEqualTo(j.position());
            // What is covered is answered at once.
            assertThat(j.whenDurable(j.position())).isCompleted();
        }
    }

    @Test
    void everysecWritesPromptlyButSyncsOncePerInterval() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.EVERYSEC, Duration.ofHours(1), store)) {
            store.logTo(j);
            long syncs = j.stats().syncs();
            store.create("a", null);
            for (int i = 0; i < 100; i++) {
                store.put("a", "k" + i, "v");
            }
            CompletableFuture<Void> f = j.whenDurable(j.position());
            // Handed to the operating system without waiting for the hour: a kill -9 would not lose them.
            long end = j.position() + FileHeader.BYTES;
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.size(data.resolve("kv").resolve("journal-0.log")) == end);
            assertThat(f).isNotDone();
            assertThat(j.stats().syncs()).isEqualTo(syncs);
        }
    }

    @Test
    void alwaysAppendersShareFsyncs() throws Exception {
        TestStore store = new TestStore();
        int threads = 16;
        int each = 200;
        try (Journal j = open(Persistence.ALWAYS, Duration.ofSeconds(1), store)) {
            store.logTo(j);
            long before = j.stats().syncs();
            List<Thread> ts = new ArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "s" + t;
                ts.add(new Thread(() -> {
                    try {
                        store.create(id, null);
                        for (int i = 0; i < each; i++) {
                            long p;
                            synchronized (store) {
                                store.put(id, "k" + i, "v" + i);
                                p = j.position();
                            }
                            j.whenDurable(p).get(30, TimeUnit.SECONDS);
                        }
                    } catch (Exception | AssertionError e) {
                        errors.add(e);
                    }
                }));
            }
            ts.forEach(Thread::start);
            for (Thread t : ts) {
                t.join();
            }
            assertThat(errors).isEmpty();
            long syncs = j.stats().syncs() - before;
            int appends = threads * (each + 1);
            // Measured on ext4: about one fsync for ten appends.
            assertThat(syncs).as("%d appends, %d fsyncs", appends, syncs).isPositive().isLessThan(appends / 2);
        }
        TestStore back = new TestStore();
        try (Journal j = open(Persistence.ALWAYS, Duration.ofSeconds(1), back)) {
            assertThat(back.state()).isEqualTo(store.state());
        }
    }

    @Test
    void waitersOfOneSyncShareOneFuture() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.EVERYSEC, Duration.ofHours(1), store)) {
            store.logTo(j);
            store.create("a", null);
            long p1 = j.position();
            store.put("a", "k", "v");
            long p2 = j.position();
            // Nothing syncs for an hour: both wait for the same next sync.
            assertThat(j.whenDurable(p1)).isSameAs(j.whenDurable(p2));
        }
    }

    @Test
    void offSyncsOnlyAtClose() throws Exception {
        TestStore store = new TestStore();
        Journal j = open(Persistence.OFF, Duration.ofMillis(1), store);
        store.logTo(j);
        store.create("a", null);
        CompletableFuture<Void> f = j.whenDurable(j.position());
        Thread.sleep(50);
        assertThat(f).isNotDone();
        j.close();
        assertThat(f).isCompleted();
        TestStore back = new TestStore();
        Journal.open(data.resolve("kv"), Persistence.OFF, JournalSettings.defaults(), back, back).close();
        assertThat(back.state()).isEqualTo(store.state());
    }

    @Test
    void aWriteErrorFailsTheJournalOnceAndForAll() throws Exception {
        Path dir = data.resolve("kv");
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.ALWAYS, Duration.ofSeconds(1), store)) {
            store.logTo(j);
            store.create("a", null);
            j.whenDurable(j.position()).get(10, TimeUnit.SECONDS);
            // The next journal is a device that is always full: the rotation's first write fails as on a full disk.
            Files.createSymbolicLink(dir.resolve("journal-1.log"), Paths.get("/dev/full"));
            CompletableFuture<Void> compaction = j.compactNow();
            assertThatThrownBy(() -> compaction.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(j.failed()).isTrue();
            store.put("a", "k", "lost");
            assertThatThrownBy(() -> j.whenDurable(j.position()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
        }
        Files.delete(dir.resolve("journal-1.log"));
        TestStore back = new TestStore();
        Journal.open(dir, Persistence.ALWAYS, JournalSettings.defaults(), back, back).close();
        assertThat(back.replayed()).hasSize(1);
    }

    @Test
    void appendersWaitWhenTheWriterIsFarBehindAndLoseNothing() throws Exception {
        TestStore store = new TestStore();
        JournalSettings tiny = new JournalSettings(Duration.ofSeconds(1), JournalSettings.DEFAULT_COMPACT_MIN_BYTES,
                100, 64);
        try (Journal j = Journal.open(data.resolve("kv"), Persistence.EVERYSEC, tiny, store, store)) {
            store.logTo(j);
            store.create("a", null);
            for (int i = 0; i < 2000; i++) {
                store.put("a", "key" + i, "a value longer than the buffer bound of sixty-four bytes, " + i);
            }
        }
        TestStore back = new TestStore();
        Journal.open(data.resolve("kv"), Persistence.OFF, tiny, back, back).close();
        assertThat(back.state()).isEqualTo(store.state());
    }
}
