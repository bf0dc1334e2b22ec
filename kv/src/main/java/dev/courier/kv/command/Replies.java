package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Replies as completed stages, and mapping a store's answer to a reply without a new stage when it is there already. */
final class Replies {
    static final CompletableFuture<KvReply> PUT_OK = done(KvReply.Status.PUT_OK);
    static final CompletableFuture<KvReply> PUT_ERROR = done(KvReply.Status.PUT_ERROR);
    static final CompletableFuture<KvReply> GET_ERROR = done(KvReply.Status.GET_ERROR);
    static final CompletableFuture<KvReply> DELETE_OK = done(KvReply.Status.DELETE_OK);
    static final CompletableFuture<KvReply> DELETE_ERROR = done(KvReply.Status.DELETE_ERROR);

    private Replies() {
    }

    static CompletableFuture<KvReply> done(KvReply r) {
        return CompletableFuture.completedFuture(r);
    }

    /**
     * The reply {@code map} makes of the store's answer; {@code failed} if the store failed (an error reply, never a
     * guess). Answers that are there already (the embedded store's) are mapped at once: the hot path stays free of
     * stage chains.
     */
    static <T> CompletionStage<KvReply> map(CompletionStage<T> answer, Function<T, CompletionStage<KvReply>> map,
                                            CompletionStage<KvReply> failed) {
        CompletableFuture<T> f = answer.toCompletableFuture();
        if (f.isDone()) {
            return f.isCompletedExceptionally() ? failed : map.apply(f.join());
        }
        return f.handle((v, e) -> e != null ? failed : map.apply(v)).thenCompose(Function.identity());
    }
}
