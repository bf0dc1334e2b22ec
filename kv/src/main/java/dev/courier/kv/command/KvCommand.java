package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionStore;

/** The behaviour of one data command of a bound session: run it against the store, give the reply. */
public interface KvCommand<R extends KvRequest> {
    /** Executes {@code request} for session {@code sessionId}. */
    KvReply execute(R request, String sessionId, SessionStore store);
}
