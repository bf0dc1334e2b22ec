package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionStore;
import java.util.concurrent.CompletionStage;

/** The behaviour of one data command of a bound session: run it against the store, give the reply. */
public interface KvCommand<R extends KvRequest> {
    /** Executes {@code request} for the session {@code hold} names; the reply completes when the store has answered. */
    CompletionStage<KvReply> execute(R request, SessionStore.Hold hold, SessionStore store);
}
