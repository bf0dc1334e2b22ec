package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.KvLimits;
import dev.courier.kv.session.EmbeddedSessionStore;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.journal.JournalSettings;
import dev.courier.kv.store.journal.Persistence;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One store flush per event-loop pass, after the pass: in {@code always} mode, one fsync for all it served. */
class StoreFlusherTest {
    @TempDir
    Path data;
    private EmbeddedSessionStore store;
    private EventLoop loop;

    @BeforeEach
    void open() throws Exception {
        store = EmbeddedSessionStore.open(
                EmbeddedSessionStore.registry(KvLimits.defaults(), MemoryBudget.unlimited(), null, Clock.systemUTC()),
                data.resolve("kv"), Persistence.ALWAYS, JournalSettings.defaults());
        loop = new DefaultEventLoop();
    }

    @AfterEach
    void close() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        store.close();
    }

    @Test
    void manyRequestsInOnePassAreFlushedOnceAfterItOnTheLoop() throws Exception {
        StoreFlusher flusher = new StoreFlusher(store);
        List<SessionStore.Hold> holds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] hash = new byte[32];
            Arrays.fill(hash, (byte) i);
            SessionStore.Connected c = store.connect(new SessionStore.Claim("s" + i, hash, new Object(), "127.0.0.1"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            holds.add(c.hold());
        }
        // A first commit makes the loop the journal's driver: its own thread then only checks every 50 ms (before
        // that, it syncs what nobody committed after 1 ms, which a slow pass on a loaded machine can outlast).
        loop.submit(() -> {
            store.put(holds.get(0), "warm", new byte[] {1});
            flusher.request(loop);
        }).sync();
        loop.submit(() -> { }).sync();
        long before = store.journal().stats().syncs();
        List<CompletableFuture<SessionStore.Stored>> puts = new ArrayList<>();
        List<Thread> answeredOn = new ArrayList<>();
        boolean[] doneInPass = new boolean[1];
        loop.submit(() -> {
            // Ten connections of one pass: each PUT, then each connection's end-of-read request.
            for (SessionStore.Hold h : holds) {
                CompletableFuture<SessionStore.Stored> f = store.put(h, "k", "v".getBytes(StandardCharsets.UTF_8))
                        .toCompletableFuture();
                f.thenRun(() -> answeredOn.add(Thread.currentThread()));
                puts.add(f);
                flusher.request(loop);
            }
            doneInPass[0] = puts.stream().anyMatch(CompletableFuture::isDone);
        }).sync();
        loop.submit(() -> { }).sync();
        assertThat(doneInPass[0]).as("nothing answered before the pass ended").isFalse();
        assertThat(puts).allMatch(f -> f.isDone() && f.join() == SessionStore.Stored.STORED);
        assertThat(store.journal().stats().syncs() - before).as("one fsync for the pass").isEqualTo(1);
        assertThat(answeredOn).hasSize(10).allMatch(t -> loop.inEventLoop(t));
    }

    @Test
    void eachPassGetsItsOwnFlush() throws Exception {
        StoreFlusher flusher = new StoreFlusher(store);
        SessionStore.Hold h = store.connect(new SessionStore.Claim("a", new byte[32], new Object(), "127.0.0.1"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS).hold();
        long before = store.journal().stats().syncs();
        for (int pass = 0; pass < 3; pass++) {
            loop.submit(() -> {
                store.put(h, "k", new byte[] {1});
                flusher.request(loop);
                flusher.request(loop);
            }).sync();
            loop.submit(() -> { }).sync();
        }
        assertThat(store.journal().stats().syncs() - before).isEqualTo(3);
    }
}
