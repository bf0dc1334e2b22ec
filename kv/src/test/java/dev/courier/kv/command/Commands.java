package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.session.EmbeddedSessionStore;
import dev.courier.kv.session.SessionRegistry;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionTable;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** What command tests run commands with: a real embedded store over a table, holds by id, replies awaited. */
public final class Commands {
    private Commands() {
    }

    /** An embedded store (open mode, memory only) over {@code table}. */
    public static SessionStore over(SessionTable table) {
        return EmbeddedSessionStore.inMemory(new SessionRegistry(table, null, Duration.ofMinutes(5),
                Clock.systemUTC()));
    }

    /** A hold on session {@code id}: the embedded store's data commands act on the id it names. */
    public static SessionStore.Hold hold(String id) {
        return () -> id;
    }

    /** The reply, once the store has answered. */
    public static KvReply run(CompletionStage<KvReply> reply) {
        return reply.toCompletableFuture().join();
    }
}
