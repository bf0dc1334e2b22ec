package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestRules;
import dev.courier.kv.store.SessionStore;

/** {@code PUT}: stores a value, or answers {@code PUT: ERROR} and changes nothing (spec section 4). */
public final class PutCommand implements KvCommand<KvRequest.Put> {
    private final int maxValueBytes;

    /** A PUT that refuses values longer than {@code maxValueBytes}. */
    public PutCommand(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public KvReply execute(KvRequest.Put put, String sessionId, SessionStore store) {
        if (put.value().length > maxValueBytes || !KvRequestRules.inRange(put.key())
                || !KvRequestRules.inRange(put.value())) {
            return KvReply.Status.PUT_ERROR;
        }
        return store.put(sessionId, put.key(), put.value()) == SessionStore.Stored.STORED
                ? KvReply.Status.PUT_OK : KvReply.Status.PUT_ERROR;
    }
}
