package dev.courier.kv.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALWAYS driven by {@link Journal#commit()}: the caller's thread syncs, one fsync per commit, the writer a watchdog. */
class JournalCommitTest {
    @TempDir
    Path data;

    private Journal open(Persistence mode, TestStore store) throws Exception {
        Journal j = Journal.open(data.resolve("kv"), mode, JournalSettings.defaults(), store, store);
        store.logTo(j);
        return j;
    }

    @Test
    void aCommitSyncsEverythingAppendedOnTheCallersThreadWithOneFsync() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.ALWAYS, store)) {
            store.create("a", null);
            j.commit();
            long before = j.stats().syncs();
            List<CompletableFuture<Void>> waiters = new ArrayList<>();
            List<Thread> completedOn = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                store.put("a", "k" + i, "v" + i);
                CompletableFuture<Void> w = j.whenDurable(j.position());
                w.thenRun(() -> {
                    synchronized (completedOn) {
                        completedOn.add(Thread.currentThread());
                    }
                });
                waiters.add(w);
            }
            j.commit();
            // Done before commit returns, by this thread: no hand-off between the fsync and the answers.
            assertThat(waiters).allMatch(CompletableFuture::isDone);
            assertThat(completedOn).hasSize(50).containsOnly(Thread.currentThread());
            assertThat(j.stats().syncs() - before).isEqualTo(1);
        }
        TestStore back = new TestStore();
        Journal.open(data.resolve("kv"), Persistence.OFF, JournalSettings.defaults(), back, back).close();
        assertThat(back.state()).isEqualTo(store.state());
    }

    @Test
    void onceDrivenByCommitsTheWriterDoesNotSyncBetweenThem() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.ALWAYS, store)) {
            store.create("a", null);
            j.commit();
            long before = j.stats().syncs();
            for (int i = 0; i < 20; i++) {
                store.put("a", "k" + i, "v");
                j.commit();
            }
            // One fsync per commit: the writer thread added none of its own while commits came.
            assertThat(j.stats().syncs() - before).isEqualTo(20);
            assertThat(j.whenDurable(j.position())).isCompleted();
        }
    }

    @Test
    void whatNobodyCommitsIsSyncedByTheWriter() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.ALWAYS, store)) {
            // Never driven: the writer syncs within its fallback delay.
            store.create("a", null);
            j.whenDurable(j.position()).get(10, TimeUnit.SECONDS);
            j.commit();
            // Driven now: an append left uncommitted (an expiry, a violation's erasure) still gets synced.
            store.put("a", "k", "v");
            CompletableFuture<Void> late = j.whenDurable(j.position());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(late::isDone);
            assertThat(late).isCompleted();
        }
    }

    @Test
    void aCommitWithNothingNewDoesNotSync() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.ALWAYS, store)) {
            store.create("a", null);
            j.commit();
            long before = j.stats().syncs();
            j.commit();
            j.commit();
            assertThat(j.stats().syncs()).isEqualTo(before);
        }
    }

    @Test
    void commitsFromManyThreadsLoseNothingAndShareFsyncs() throws Exception {
        TestStore store = new TestStore();
        int threads = 8;
        int each = 200;
        try (Journal j = open(Persistence.ALWAYS, store)) {
            List<Thread> ts = new ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
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
                            CompletableFuture<Void> w = j.whenDurable(p);
                            j.commit();
                            // Either this commit covered it or one on another thread did, before or since.
                            w.get(10, TimeUnit.SECONDS);
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
        }
        TestStore back = new TestStore();
        Journal.open(data.resolve("kv"), Persistence.OFF, JournalSettings.defaults(), back, back).close();
        assertThat(back.state()).isEqualTo(store.state());
    }

    @Test
    void everysecIgnoresCommits() throws Exception {
        TestStore store = new TestStore();
        try (Journal j = open(Persistence.EVERYSEC, store)) {
            store.create("a", null);
            long before = j.stats().syncs();
            j.commit();
            assertThat(j.stats().syncs()).isEqualTo(before);
        }
    }
}
