package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionStore;

/** {@code DELETE}: afterwards the key is not there ({@code DELETE: OK} even if it never was). */
public final class DeleteCommand implements KvCommand<KvRequest.Delete> {
    @Override
    public KvReply execute(KvRequest.Delete delete, String sessionId, SessionStore store) {
        return store.delete(sessionId, delete.key()) ? KvReply.Status.DELETE_OK : KvReply.Status.DELETE_ERROR;
    }
}
