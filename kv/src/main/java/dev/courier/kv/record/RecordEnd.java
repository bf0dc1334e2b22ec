package dev.courier.kv.record;

/**
 * The user event that follows the plaintext of one TLS record (or one RSA block) through the pipeline: what came
 * since the previous one is one message of the record dialect. A record that decodes to nothing (handshake,
 * alert, session ticket) is followed by the event all the same, with nothing before it.
 */
public final class RecordEnd {
    /** The one instance. */
    public static final RecordEnd INSTANCE = new RecordEnd();

    private RecordEnd() {
    }

    @Override
    public String toString() {
        return "RecordEnd";
    }
}
