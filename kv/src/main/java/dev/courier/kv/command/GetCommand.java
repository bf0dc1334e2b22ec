package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.store.SessionStore;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

/** {@code GET}: the value and its CRC-32, or {@code GET: ERROR} when the key is missing. */
public final class GetCommand implements KvCommand<KvRequest.Get> {
    @Override
    public CompletionStage<KvReply> execute(KvRequest.Get get, SessionStore.Hold hold, SessionStore store) {
        return Replies.map(store.get(hold, get.key()),
                v -> v == null ? KvReply.Status.GET_ERROR : new KvReply.Value(v, crc32(v)), KvReply.Status.GET_ERROR);
    }

    /** CRC-32 (zlib polynomial) of {@code b}, unsigned. */
    public static long crc32(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }
}
