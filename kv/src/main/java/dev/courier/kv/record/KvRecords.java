package dev.courier.kv.record;

import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvReply;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvVerbs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes of the record dialect (docs/kv-record-dialect.md): each request and each reply is one record with no
 * LF at its end, except a CONNECT of the TLS edition, whose 32 hash bytes are a record of their own.
 */
public final class KvRecords {
    /** Most plaintext one TLS record carries (RFC 8446 section 5.1). */
    public static final int TLS_RECORD_PLAINTEXT_BYTES = 1 << 14;
    /**
     * Largest message limit ({@code --kv-max-message}) the record dialect allows: a PUT record carries a key line
     * and a value, each up to the limit, and the two must fit one TLS record's 16 KiB.
     */
    public static final int MAX_MESSAGE_BYTES = TLS_RECORD_PLAINTEXT_BYTES / 2;

    private static final byte[] GET_PREFIX = "GET ".getBytes(StandardCharsets.US_ASCII);

    private KvRecords() {
    }

    /** Fails when {@code maxMessageBytes} is more than the record dialect allows. */
    public static void checkLimit(int maxMessageBytes) {
        if (maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("the record dialect allows a message limit of at most "
                    + MAX_MESSAGE_BYTES + " bytes (a PUT record carries its key and its value and must fit one "
                    + "16 KiB TLS record), not " + maxMessageBytes);
        }
    }

    /**
     * Longest record a peer of the dialect may send under a message limit of {@code maxMessageBytes}: a PUT record,
     * whose key line and value are each measured as the message they would be in the LF dialect.
     */
    public static int maxRecordBytes(int maxMessageBytes) {
        return 2 * maxMessageBytes - 1;
    }

    /** Most digits of a CRC-32 in decimal. */
    public static final int MAX_CRC_DIGITS = 10;

    /**
     * Longest answer record under a message limit of {@code maxMessageBytes}: a found value, {@code GET value} (the
     * LF dialect's line less its LF), then an LF and the CRC.
     */
    public static int maxReplyBytes(int maxMessageBytes) {
        return maxMessageBytes + MAX_CRC_DIGITS;
    }

    /** The records a client sends for {@code r}, in order. */
    public static List<byte[]> request(KvRequest r) {
        if (r instanceof KvRequest.Connect c) {
            byte[] line = line(KvVerbs.CONNECT, c.clientId());
            return c.hash() == null ? List.of(line) : List.of(line, c.hash().clone());
        }
        if (r instanceof KvRequest.Put p) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(line(KvVerbs.PUT, p.key()));
            b.write('\n');
            b.writeBytes(p.value());
            return List.of(b.toByteArray());
        }
        if (r instanceof KvRequest.Get g) {
            return List.of(line(KvVerbs.GET, g.key()));
        }
        if (r instanceof KvRequest.Delete d) {
            return List.of(line(KvVerbs.DELETE, d.key()));
        }
        if (r instanceof KvRequest.Disconnect) {
            return List.of(KvVerbs.DISCONNECT.prefix());
        }
        throw new IllegalArgumentException("cannot send " + r);
    }

    /**
     * The record a server sends for {@code reply}: a status without LF; a found value as {@code GET value} LF crc
     * in the TLS edition, and as {@code GET value} in the RSA edition (no CRC, as the original program answers).
     */
    public static byte[] reply(KvReply reply, Edition edition) {
        if (reply instanceof KvReply.Status s) {
            return s.text().getBytes(StandardCharsets.US_ASCII);
        }
        if (reply instanceof KvReply.Value v) {
            ByteArrayOutputStream b = new ByteArrayOutputStream(v.value().length + 16);
            b.writeBytes(GET_PREFIX);
            b.writeBytes(v.value());
            if (edition == Edition.TLS) {
                b.write('\n');
                b.writeBytes(Long.toString(v.crc()).getBytes(StandardCharsets.US_ASCII));
            }
            return b.toByteArray();
        }
        throw new IllegalArgumentException("unknown reply " + reply);
    }

    private static byte[] line(KvVerbs.Verb verb, String argument) {
        byte[] prefix = verb.prefix();
        byte[] arg = argument.getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = new byte[prefix.length + arg.length];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        System.arraycopy(arg, 0, b, prefix.length, arg.length);
        return b;
    }
}
