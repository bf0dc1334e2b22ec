package dev.courier.kv.command;

import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
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
        if (put.value().length > maxValueBytes || !inRange(put.key()) || !inRange(put.value())) {
            return KvReply.Status.PUT_ERROR;
        }
        return store.put(sessionId, put.key(), put.value()) == SessionStore.Stored.STORED
                ? KvReply.Status.PUT_OK : KvReply.Status.PUT_ERROR;
    }

    /** Every character 0x01-0x7F (the key is Latin-1 text of the raw bytes). */
    static boolean inRange(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    static boolean inRange(byte[] b) {
        for (byte x : b) {
            if (x <= 0) {
                return false;
            }
        }
        return true;
    }
}
