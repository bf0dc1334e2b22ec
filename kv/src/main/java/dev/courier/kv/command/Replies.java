package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Replies as completed stages, and mapping a store's answer to a reply with as few stages as it takes. */
final class Replies {
    private static final Map<KvReply.Status, CompletableFuture<KvReply>> DONE = new EnumMap<>(KvReply.Status.class);

    static {
        for (KvReply.Status s : KvReply.Status.values()) {
            DONE.put(s, CompletableFuture.completedFuture(s));
        }
    }

    private Replies() {
    }

    /** {@code r} as a completed stage (one shared stage per status reply: nobody may complete it). */
    static CompletableFuture<KvReply> done(KvReply r) {
        return r instanceof KvReply.Status s ? DONE.get(s) : CompletableFuture.completedFuture(r);
    }

    /**
     * The reply {@code map} makes of the store's answer; {@code failed} if the store failed (an error reply, never a
     * guess). An answer that is there already (the embedded store's, unless it waits for the disk) is mapped at
     * once, without a new stage; one that is not costs one stage.
     */
    static <T> CompletionStage<KvReply> map(CompletionStage<T> answer, Function<T, KvReply> map, KvReply failed) {
        CompletableFuture<T> f = answer.toCompletableFuture();
        if (f.isDone()) {
            return done(f.isCompletedExceptionally() ? failed : map.apply(f.join()));
        }
        return f.handle((v, e) -> e != null ? failed : map.apply(v));
    }
}
