package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionStore;
import java.util.concurrent.CompletionStage;

/** {@code DELETE}: afterwards the key is not there ({@code DELETE: OK} even if it never was). */
public final class DeleteCommand implements KvCommand<KvRequest.Delete> {
    @Override
    public CompletionStage<KvReply> execute(KvRequest.Delete delete, SessionStore.Hold hold, SessionStore store) {
        return Replies.map(store.delete(hold, delete.key()),
                ok -> ok ? KvReply.Status.DELETE_OK : KvReply.Status.DELETE_ERROR, KvReply.Status.DELETE_ERROR);
    }
}
