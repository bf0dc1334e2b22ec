package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestRules;
import dev.courier.kv.store.SessionStore;
import java.util.concurrent.CompletionStage;

/** {@code PUT}: stores a value, or answers {@code PUT: ERROR} and changes nothing (spec section 4). */
public final class PutCommand implements KvCommand<KvRequest.Put> {
    private final int maxValueBytes;

    /** A PUT that refuses values longer than {@code maxValueBytes}. */
    public PutCommand(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public CompletionStage<KvReply> execute(KvRequest.Put put, SessionStore.Hold hold, SessionStore store) {
        if (put.value().length > maxValueBytes || !KvRequestRules.inRange(put.key())
                || !KvRequestRules.inRange(put.value())) {
            return Replies.done(KvReply.Status.PUT_ERROR);
        }
        return Replies.map(store.put(hold, put.key(), put.value()),
                s -> s == SessionStore.Stored.STORED ? KvReply.Status.PUT_OK : KvReply.Status.PUT_ERROR,
                KvReply.Status.PUT_ERROR);
    }
}
